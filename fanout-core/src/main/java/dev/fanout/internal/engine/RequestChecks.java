package dev.fanout.internal.engine;

import dev.fanout.Headers;
import dev.fanout.Request;

/**
 * Rejects requests that must not be sent: a method or header name that is not an HTTP token, or a header
 * value with control characters (CR/LF would let a templated value inject headers).
 */
final class RequestChecks {
    private RequestChecks() {
    }

    /** A one-line description of what is wrong, or null when the request may be sent. */
    static String problem(Request request) {
        String invalid = request.invalidProblem();
        if (invalid != null) {
            return invalid;
        }
        if (!isToken(request.method())) {
            return "invalid method " + quote(request.method());
        }
        Headers headers = request.headers();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (!isToken(name)) {
                return "invalid header name " + quote(name);
            }
            if (Headers.hasControlCharacter(headers.value(i))) {
                return "control character in the value of header " + name;
            }
        }
        return null;
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(s.length() > 40 ? "…\"" : "\"").toString();
    }
}
