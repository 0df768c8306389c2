package dev.fanout.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.util.List;

/**
 * One option of {@code fanout get}, described once: its names, value label and type (with the converter that
 * reads it), the value a run has when it is not given, its help text and topic, and how it counts in a job's
 * identity. {@link GetOptionTable} holds them all; the picocli model ({@link #spec()}), the help's sections
 * ({@link GetHelp}) and the job identity ({@link JobSettings}) are derived from there, and a run reads its value with
 * {@link #in(ParseResult)}. Immutable; built in code, since reflection over annotations costs start-up.
 *
 * @param names    short name first, as {@code get --help} lists them
 * @param label    the value's label in the help ({@code N}, {@code FILE}); null for a flag
 * @param kind     how many values it takes and of what shape
 * @param type     the Java type of one value
 * @param fallback the value when the option is not given
 * @param <T>      the type {@link #in} returns
 */
record GetOption<T>(List<String> names, String label, Kind kind, Class<?> type, ITypeConverter<?> converter, T fallback,
                    String help, Topic topic, InJob inJob) {

    /** How many values an option takes. */
    enum Kind {
        /** One value. */
        VALUE,
        /** Repeatable: every value, in order. */
        LIST,
        /** No value: given or not. */
        FLAG,
        /** No value, and a {@code --no-} form: true, false, or not given (null). */
        NEGATABLE,
        /** Prints the help and exits. */
        HELP,
        /** Prints the version and exits. */
        VERSION
    }

    /** The sections of {@code get --help}, in the order it prints them. */
    enum Topic {
        INPUTS("Inputs and requests"),
        LIMITS("Limits and timeouts"),
        RESILIENCE("Resilience"),
        EXTRACTION("Extraction"),
        CRAWLING("Crawling"),
        OUTPUT("Output"),
        JOBS("Jobs (resume after a crash)"),
        SECURITY("Security and redirects"),
        PROXIES_AND_COOKIES("Proxies and cookies"),
        HELP("Help");

        final String heading;

        Topic(String heading) {
            this.heading = heading;
        }
    }

    /** How an option counts in a {@code --job}'s identity ({@link JobSettings}). */
    enum InJob {
        /** Not at all: it steers how the job's requests are made, not which, and may change between runs. */
        TUNING,
        /** As given, URL credentials masked. */
        AS_GIVEN,
        /** A header: a literal value as its digest. */
        HEADER,
        /** Cookie data as its digest; a jar file's name as given. */
        COOKIE,
        /** A literal body as its digest; a {@code @file} reference as given. */
        BODY
    }

    GetOption {
        names = List.copyOf(names);
    }

    static <T> GetOption<T> value(Class<T> type, T fallback, String label, Topic topic, String help, String... names) {
        return new GetOption<>(List.of(names), label, Kind.VALUE, type, null, fallback, help, topic, InJob.AS_GIVEN);
    }

    static GetOption<List<String>> list(String label, Topic topic, String help, String... names) {
        return new GetOption<>(List.of(names), label, Kind.LIST, String.class, null, List.of(), help, topic, InJob.AS_GIVEN);
    }

    static GetOption<Boolean> flag(Topic topic, String help, String... names) {
        return new GetOption<>(List.of(names), null, Kind.FLAG, boolean.class, null, false, help, topic, InJob.AS_GIVEN);
    }

    static GetOption<Boolean> special(Kind kind, Topic topic, String help, String... names) {
        return new GetOption<>(List.of(names), null, kind, Boolean.class, null, kind == Kind.NEGATABLE ? null : false, help,
                topic, InJob.AS_GIVEN);
    }

    /** The same option, read with {@code c}. */
    GetOption<T> converter(ITypeConverter<?> c) {
        return new GetOption<>(names, label, kind, type, c, fallback, help, topic, inJob);
    }

    /** The same option, counting in a job's identity as {@code how}. */
    GetOption<T> inJob(InJob how) {
        return new GetOption<>(names, label, kind, type, converter, fallback, help, topic, how);
    }

    /** The same option, a {@linkplain InJob#TUNING tuning} one. */
    GetOption<T> tuning() {
        return inJob(InJob.TUNING);
    }

    /** The name messages call it by: the first (the short one, when it has one). */
    String shown() {
        return names.get(0);
    }

    /** The name picocli and the job identity know it by (the longest). */
    String name() {
        return names.get(names.size() - 1);
    }

    /** Its value in {@code parsed}: as given, or {@link #fallback()}. */
    @SuppressWarnings("unchecked")
    T in(ParseResult parsed) {
        return (T) parsed.matchedOptionValue(name(), fallback);
    }

    /** Whether {@code parsed} has it. */
    boolean given(ParseResult parsed) {
        return parsed.hasMatchedOption(name());
    }

    /** Its picocli model. */
    OptionSpec spec() {
        OptionSpec.Builder b = OptionSpec.builder(names.toArray(new String[0])).description(help);
        switch (kind) {
            case VALUE -> b.paramLabel(label).type(type);
            case LIST -> b.paramLabel(label).type(List.class).auxiliaryTypes(type);
            case FLAG -> b.type(boolean.class).arity("0");
            case NEGATABLE -> b.negatable(true).type(Boolean.class).arity("0");
            case HELP -> b.usageHelp(true);
            case VERSION -> b.versionHelp(true);
        }
        if (converter != null) {
            b.converters(converter);
        }
        return b.build();
    }
}
