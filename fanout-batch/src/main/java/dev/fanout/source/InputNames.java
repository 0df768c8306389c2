package dev.fanout.source;

/**
 * How messages name the inputs of a run, so that each message is written once and reads in its reader's terms:
 * a library's words ({@link #LIBRARY}: "parameter id", "header X-Key", "table rows.csv") or a command line's
 * flags ("-p id", "-H X-Key", "-i rows.csv"). Given in {@link RequestSources.Spec} and to {@link Param#parse}.
 *
 * @param parameter       a named template parameter, before its name ("parameter")
 * @param parameterValues what gives a parameter its values, {@code %s} for its name ("parameter %s")
 * @param table           a table input, before its name ("table")
 * @param lines           what the anonymous {@code {}} needs ("input lines")
 * @param urls            what a run without URLs lacks ("URLs or input lines")
 * @param header          a header, before its name ("header")
 * @param body            the request body ("the body")
 * @param follow          what says which values a crawl follows ("follow")
 * @param followTemplate  the template found values fill, before it ("follow template")
 */
public record InputNames(String parameter, String parameterValues, String table, String lines, String urls, String header,
                         String body, String follow, String followTemplate) {
    /** A library's words. */
    public static final InputNames LIBRARY = new InputNames("parameter", "parameter %s", "table", "input lines",
            "URLs or input lines", "header", "the body", "follow", "follow template");

    String parameter(String name) {
        return parameter + " " + name;
    }

    String parameterValues(String name) {
        return parameterValues.formatted(name);
    }

    String table(String name) {
        return table + " " + name;
    }

    String header(String nameOrText) {
        return header + " " + nameOrText;
    }
}
