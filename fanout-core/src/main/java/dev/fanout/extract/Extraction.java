package dev.fanout.extract;

import java.util.Map;

/**
 * The fields taken from one response, or from one item of it (see {@link Extractor#items}).
 *
 * @param fields every field by name, in the order given; a value is null when it is missing, when there was
 *               no response, or when the body could not be read the way its expression needs
 * @param error  why some field could not be taken ({@code "price: body is not JSON: …"}), or why a response
 *               gave no items ({@code "no items at $.results[*]"}), or null; a request whose fields fail
 *               still counts as the response it got
 * @param item   the item's index within its response (0, 1, …), or null when the record stands for the whole
 *               response: without {@code each}, or for a response that gave no items
 */
public record Extraction(Map<String, Object> fields, String error, Integer item) {
    /** The fields of a whole response (no item). */
    public Extraction(Map<String, Object> fields, String error) {
        this(fields, error, null);
    }
}
