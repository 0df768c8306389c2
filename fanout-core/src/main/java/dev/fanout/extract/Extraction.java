package dev.fanout.extract;

import java.util.Map;

/**
 * The fields taken from one response.
 *
 * @param fields every field by name, in the order given; a value is null when it is missing, when there was
 *               no response, or when the body could not be read the way its expression needs
 * @param error  why some field could not be taken ({@code "price: body is not JSON: …"}), or null; a
 *               request whose fields fail still counts as the response it got
 */
public record Extraction(Map<String, Object> fields, String error) {
}
