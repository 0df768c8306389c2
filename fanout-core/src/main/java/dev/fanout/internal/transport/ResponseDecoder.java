package dev.fanout.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes the HTTP/1.x responses of one connection into Netty's HTTP objects — a response, its body in pieces of
 * at most {@code maxChunk} bytes, then a last part — as Netty's client codec does, for less: the head is copied
 * once into an array and read there, its names and values checked in the same pass, so no line buffer, no header
 * validation of its own and no per-line objects. Framing is RFC 9112's: no body for a HEAD request, a 1xx, 204 or
 * 304 (a 1xx is followed by the real response), Transfer-Encoding chunked (chunk extensions ignored, trailers read
 * and dropped: nothing downstream reads them), Content-Length, else until the server closes. After a 101 or a 2xx
 * to CONNECT the connection no longer speaks HTTP: what follows is passed on as bytes.
 *
 * <p>A malformed response becomes a message whose {@link DecoderResult} is the failure (a {@link DecoderException},
 * or a {@link TooLongHttpLineException}/{@link TooLongHttpHeaderException} past the limits), and everything after it is
 * dropped. A connection that closes inside a head or a framed body yields nothing: the handler after this one learns
 * of the close itself. One per connection, on its event loop; told each request's method by {@link #expect}.
 */
final class ResponseDecoder extends ByteToMessageDecoder {
    private static final byte[] HTTP_1_1 = "HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_1_0 = "HTTP/1.0".getBytes(StandardCharsets.US_ASCII);
    /** How much of the input is copied at a time while looking for a head's end: most heads fit in one. */
    private static final int COPY = 1024;
    /**
     * Field names servers send in nearly every response, as they spell them: a name read is one of these Strings
     * when its bytes match, rather than a new String per field per response.
     */
    private static final String[] COMMON_NAMES = {"Server", "Date", "Content-Type", "Content-Length", "Connection",
            "Last-Modified", "ETag", "Accept-Ranges", "Cache-Control", "Expires", "Vary", "Transfer-Encoding",
            "Content-Encoding", "Keep-Alive", "Location", "Set-Cookie", "Age", "Via", "Link", "Retry-After",
            "Access-Control-Allow-Origin", "Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options",
            "server", "date", "content-type", "content-length", "connection", "last-modified", "etag", "accept-ranges",
            "cache-control", "expires", "vary", "transfer-encoding", "content-encoding", "location", "set-cookie"};
    /** {@link #COMMON_NAMES} by length. */
    private static final String[][] NAMES_BY_LENGTH = new String[32][];

    /** RFC 9110 tchar: what a field name may be made of. */
    private static final boolean[] TOKEN = new boolean[256];

    static {
        for (String name : COMMON_NAMES) {
            String[] same = NAMES_BY_LENGTH[name.length()];
            same = same == null ? new String[1] : Arrays.copyOf(same, same.length + 1);
            same[same.length - 1] = name;
            NAMES_BY_LENGTH[name.length()] = same;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
        for (int c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 'a' + 'A'] = true;
        }
    }

    private enum State { HEAD, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, UPGRADED, BAD }

    private final int maxLine;
    private final int maxHeaders;
    private final int maxChunk;
    private State state = State.HEAD;
    /** The request now answered is a HEAD (no body follows whatever the head says), or a CONNECT. */
    private boolean head;
    private boolean connect;

    /** The head (or trailer section) read so far, its first {@code have} bytes; kept while it spans reads. */
    private byte[] block = new byte[COPY];
    private int have;
    /** Where the line being looked at starts in {@link #block}, and how far it has been searched for its end. */
    private int lineStart;
    private int scanned;
    /** What frames the body of the head being read: chunked; the Content-Length fields seen, the last one's value. */
    private boolean chunked;
    private int lengths;
    private String lengthValue;
    /** Body bytes still to come: of a Content-Length body, or of the current chunk. */
    private long remaining;

    ResponseDecoder(int maxLine, int maxHeaders, int maxChunk) {
        this.maxLine = maxLine;
        this.maxHeaders = maxHeaders;
        this.maxChunk = maxChunk;
    }

    /** The next response answers a request of {@code method}: called before the request is written. */
    void expect(String method) {
        head = method.equals("HEAD");
        connect = method.equals("CONNECT");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            switch (state) {
                case HEAD -> head(in, out);
                case FIXED -> fixed(in, out);
                case CHUNK_SIZE -> chunkSize(in, out);
                case CHUNK_DATA -> chunkData(in, out);
                case CHUNK_END -> chunkEnd(in);
                case TRAILERS -> trailers(in, out);
                case UNTIL_CLOSE -> out.add(new DefaultHttpContent(in.readRetainedSlice(Math.min(in.readableBytes(), maxChunk))));
                case UPGRADED -> out.add(in.readRetainedSlice(in.readableBytes()));
                case BAD -> in.skipBytes(in.readableBytes());
            }
        } catch (DecoderException e) {
            fail(in, out, e);
        } catch (IllegalArgumentException e) {
            fail(in, out, new DecoderException("malformed response: " + e.getMessage(), e));
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (state == State.UNTIL_CLOSE) {
            // the close is the end of a body without length
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            state = State.HEAD;
        }
    }

    private void fail(ByteBuf in, List<Object> out, DecoderException e) {
        state = State.BAD;
        in.skipBytes(in.readableBytes());
        DefaultHttpResponse failed = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(999), EmptyHttpHeaders.INSTANCE);
        failed.setDecoderResult(DecoderResult.failure(e));
        out.add(failed);
    }

    private void head(ByteBuf in, List<Object> out) {
        if (have == 0) {
            // as Netty's decoder does, whitespace and control bytes before a status line are skipped (a stray CRLF
            // after a body)
            while (in.isReadable() && skippable(in.getByte(in.readerIndex()) & 0xff)) {
                in.skipBytes(1);
            }
        }
        int end = blockEnd(in, maxLine + 2 + maxHeaders + 2, true);
        if (end < 0) {
            return;
        }
        parseHead(end, out);
    }

    /**
     * Copies the input into {@link #block} until a blank line ends it, consuming just what it copied: the index
     * just past that blank line, or -1 when more input is needed. {@code withStatusLine}: the block starts with a
     * status line, which the blank line cannot be.
     */
    private int blockEnd(ByteBuf in, int limit, boolean withStatusLine) {
        while (in.isReadable()) {
            int n = Math.min(in.readableBytes(), Math.min(COPY, limit + 1 - have));
            if (n <= 0) {
                throw tooLong(withStatusLine);
            }
            if (have + n > block.length) {
                block = Arrays.copyOf(block, Math.max(have + n, block.length * 2));
            }
            in.getBytes(in.readerIndex(), block, have, n);
            int copied = have + n;
            for (int i = scanned; i < copied; i++) {
                if (block[i] != '\n') {
                    continue;
                }
                int length = i - lineStart - (i > lineStart && block[i - 1] == '\r' ? 1 : 0);
                if (withStatusLine && lineStart == 0 && length > maxLine) {
                    throw new TooLongHttpLineException("the status line is longer than " + maxLine + " bytes");
                }
                if (length == 0 && !(withStatusLine && lineStart == 0)) {
                    in.skipBytes(i + 1 - have);
                    have = i + 1;
                    return i + 1;
                }
                lineStart = i + 1;
            }
            scanned = copied;
            in.skipBytes(n);
            have = copied;
            if (withStatusLine && lineStart == 0 && have > maxLine + 2) {
                throw new TooLongHttpLineException("the status line is longer than " + maxLine + " bytes");
            }
        }
        return -1;
    }

    private static boolean skippable(int c) {
        return Character.isWhitespace(c) || Character.isISOControl(c);
    }

    private DecoderException tooLong(boolean withStatusLine) {
        return new TooLongHttpHeaderException((withStatusLine ? "the response's header section" : "the trailer section")
                + " is larger than " + maxHeaders + " bytes");
    }

    /** A block is read: the next starts empty (a block that grew large is not kept for the connection's life). */
    private void resetBlock() {
        have = 0;
        lineStart = 0;
        scanned = 0;
        if (block.length > 4 * COPY) {
            block = new byte[COPY];
        }
    }

    private void parseHead(int end, List<Object> out) {
        byte[] b = block;
        int lineEnd = indexOf(b, 0, end, (byte) '\n');
        int statusEnd = lineEnd > 0 && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        if (lineEnd + 1 + maxHeaders + 2 < end) {
            throw tooLong(true);
        }
        // version SP status-code [SP reason]
        int sp = indexOf(b, 0, statusEnd, (byte) ' ');
        if (sp < 0) {
            throw malformed("no status code in the status line", b, 0, statusEnd);
        }
        HttpVersion version = version(b, sp, statusEnd);
        int at = sp;
        while (at < statusEnd && b[at] == ' ') {
            at++;
        }
        if (at + 3 > statusEnd || !digit(b[at]) || !digit(b[at + 1]) || !digit(b[at + 2])
                || (at + 3 < statusEnd && b[at + 3] != ' ')) {
            throw malformed("the status code is not three digits", b, 0, statusEnd);
        }
        int code = (b[at] - '0') * 100 + (b[at + 1] - '0') * 10 + (b[at + 2] - '0');
        int reason = at + 3;
        while (reason < statusEnd && (b[reason] == ' ' || b[reason] == '\t')) {
            reason++;
        }
        int reasonEnd = statusEnd;
        while (reasonEnd > reason && (b[reasonEnd - 1] == ' ' || b[reasonEnd - 1] == '\t')) {
            reasonEnd--;
        }
        HttpResponseStatus status = status(code, b, reason, reasonEnd);

        FieldList fields = fields(b, lineEnd + 1, end);
        long length = framing(fields);
        boolean interim = code >= 100 && code < 200 && code != 101;
        boolean upgraded = code == 101 || (connect && code >= 200 && code < 300);
        boolean bodiless = head || interim || upgraded || code == 204 || code == 304;
        resetBlock();
        if (!interim) {
            head = false;
            connect = false;
        }
        out.add(new DefaultHttpResponse(version, status, fields));
        if (bodiless) {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            state = upgraded ? State.UPGRADED : State.HEAD;
        } else if (length == -2) {
            state = State.CHUNK_SIZE;
        } else if (length == 0) {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            state = State.HEAD;
        } else if (length > 0) {
            remaining = length;
            state = State.FIXED;
        } else {
            state = State.UNTIL_CLOSE;
        }
    }

    private static HttpVersion version(byte[] b, int end, int statusEnd) {
        if (matches(b, 0, end, HTTP_1_1)) {
            return HttpVersion.HTTP_1_1;
        }
        if (matches(b, 0, end, HTTP_1_0)) {
            return HttpVersion.HTTP_1_0;
        }
        try {
            return HttpVersion.valueOf(new String(b, 0, end, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            throw malformed("not an HTTP status line", b, 0, statusEnd);
        }
    }

    /** The shared status when the reason is the usual one (it is for nearly every response), else one of its own. */
    private static HttpResponseStatus status(int code, byte[] b, int from, int to) {
        HttpResponseStatus usual = HttpResponseStatus.valueOf(code);
        String phrase = usual.reasonPhrase();
        boolean same = phrase.length() == to - from;
        for (int i = 0; same && i < phrase.length(); i++) {
            same = phrase.charAt(i) == (b[from + i] & 0xff);
        }
        return same ? usual : new HttpResponseStatus(code, new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /** The field lines between {@code from} and the blank line that ends at {@code end}, checked as they are read. */
    private FieldList fields(byte[] b, int from, int end) {
        FieldList f = new FieldList(12);
        chunked = false;
        lengths = 0;
        lengthValue = null;
        int line = from;
        while (true) {
            int lf = indexOf(b, line, end, (byte) '\n');
            int lineEnd = lf > line && b[lf - 1] == '\r' ? lf - 1 : lf;
            if (lineEnd == line) {
                break; // the blank line
            }
            if (b[line] == ' ' || b[line] == '\t') {
                // obs-fold (RFC 9112 §5.2): the previous value goes on
                if (f.isEmpty()) {
                    throw malformed("a header line starts with whitespace", b, line, lineEnd);
                }
                f.continueLast(value(b, line, lineEnd));
            } else {
                int colon = line;
                while (colon < lineEnd && TOKEN[b[colon] & 0xff]) {
                    colon++;
                }
                int nameEnd = colon;
                while (colon < lineEnd && (b[colon] == ' ' || b[colon] == '\t')) {
                    colon++; // a space before the colon, which Netty's decoder also took from a server
                }
                if (colon == lineEnd || b[colon] != ':' || nameEnd == line) {
                    throw malformed("not a header line", b, line, lineEnd);
                }
                String name = name(b, line, nameEnd);
                String value = value(b, colon + 1, lineEnd);
                f.append(name, value);
                if (name.length() == 17 && name.equalsIgnoreCase("transfer-encoding")) {
                    for (String coding : value.split(",")) {
                        chunked |= coding.trim().equalsIgnoreCase("chunked");
                    }
                } else if (name.length() == 14 && name.equalsIgnoreCase("content-length")) {
                    lengths++;
                    lengthValue = value;
                }
            }
            line = lf + 1;
        }
        return f;
    }

    private static String name(byte[] b, int from, int to) {
        int length = to - from;
        String[] candidates = length < NAMES_BY_LENGTH.length ? NAMES_BY_LENGTH[length] : null;
        if (candidates != null) {
            for (String c : candidates) {
                if (c.charAt(0) == b[from] && sameBytes(c, b, from)) {
                    return c;
                }
            }
        }
        return new String(b, from, length, StandardCharsets.ISO_8859_1);
    }

    private static boolean sameBytes(String ascii, byte[] b, int from) {
        for (int i = 1; i < ascii.length(); i++) {
            if (ascii.charAt(i) != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** The body's length by the head just read: -2 for chunked, -1 for none given, else its Content-Length. */
    private long framing(FieldList fields) {
        if (chunked) {
            // a chunked body's length is its chunks', whatever a Content-Length beside it says (RFC 9112 §6.3); nor
            // is that passed on, where it would be taken for the body's
            if (lengths > 0) {
                fields.remove("content-length");
            }
            return -2;
        }
        if (lengths == 0) {
            return -1;
        }
        if (lengths > 1 || lengthValue.indexOf(',') >= 0) {
            return repeatedLength(fields);
        }
        return contentLength(lengthValue);
    }

    /**
     * A Content-Length given more than once, in several fields or as a list: one length if every value is the
     * same, which is passed on as one field (RFC 9110 §8.6 allows that, and curl, Go and browsers do it);
     * otherwise the body's end is unknown and the response malformed.
     */
    private static long repeatedLength(FieldList fields) {
        long length = -1;
        for (String field : fields.getAll("content-length")) {
            for (String value : field.split(",", -1)) {
                long n = contentLength(value.strip());
                if (length >= 0 && n != length) {
                    throw new DecoderException("malformed response: Content-Length values differ ("
                            + String.join(", ", fields.getAll("content-length")) + ")");
                }
                length = n;
            }
        }
        fields.set("content-length", Long.toString(length));
        return length;
    }

    private static long contentLength(String value) {
        if (value.isEmpty() || value.length() > 18) {
            throw new DecoderException("malformed response: invalid Content-Length '" + value + "'");
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new DecoderException("malformed response: invalid Content-Length '" + value + "'");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** A field value without the whitespace around it; a control byte in it (but a tab) is a malformed response. */
    private static String value(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw malformed("a control byte (0x" + Integer.toHexString(c) + ") in a header value", b, from, to);
            }
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private void fixed(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(Math.min(in.readableBytes(), remaining), maxChunk);
        remaining -= n;
        if (remaining == 0) {
            out.add(new DefaultLastHttpContent(in.readRetainedSlice(n), EmptyHttpHeaders.INSTANCE));
            state = State.HEAD;
        } else {
            out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
        }
    }

    private void chunkSize(ByteBuf in, List<Object> out) {
        int lf = in.bytesBefore(in.readerIndex(), Math.min(in.readableBytes(), maxLine + 2), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > maxLine + 2) {
                throw new TooLongHttpLineException("a chunk-size line is longer than " + maxLine + " bytes");
            }
            return;
        }
        long size = 0;
        int digits = 0;
        for (int i = 0; i < lf; i++) {
            int c = in.getByte(in.readerIndex() + i);
            int v = Character.digit(c, 16);
            if (v < 0) {
                // the size ends at a chunk extension, at whitespace before one, or at the CR
                if (c != ';' && c != ' ' && c != '\t' && !(c == '\r' && i == lf - 1)) {
                    throw new DecoderException("malformed response: invalid chunk size line");
                }
                break;
            }
            if (++digits > 15) {
                throw new DecoderException("malformed response: chunk size too large");
            }
            size = size * 16 + v;
        }
        if (digits == 0) {
            throw new DecoderException("malformed response: invalid chunk size line");
        }
        in.skipBytes(lf + 1);
        if (size == 0) {
            state = State.TRAILERS;
            trailers(in, out);
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    private void chunkData(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(Math.min(in.readableBytes(), remaining), maxChunk);
        remaining -= n;
        out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
        if (remaining == 0) {
            state = State.CHUNK_END;
        }
    }

    /** The CRLF after a chunk's data (a bare LF is taken too, as for every line). */
    private void chunkEnd(ByteBuf in) {
        int first = in.getByte(in.readerIndex());
        if (first == '\n') {
            in.skipBytes(1);
        } else if (first != '\r') {
            throw new DecoderException("malformed response: a chunk's data is not followed by CRLF");
        } else if (in.readableBytes() < 2) {
            return;
        } else if (in.getByte(in.readerIndex() + 1) != '\n') {
            throw new DecoderException("malformed response: a chunk's data is not followed by CRLF");
        } else {
            in.skipBytes(2);
        }
        state = State.CHUNK_SIZE;
    }

    /** The trailer section after the last chunk: read to its end within the header limit, then dropped. */
    private void trailers(ByteBuf in, List<Object> out) {
        if (blockEnd(in, maxHeaders + 2, false) < 0) {
            return;
        }
        resetBlock();
        out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        state = State.HEAD;
    }

    private static DecoderException malformed(String why, byte[] b, int from, int to) {
        int shown = Math.min(to - from, 200);
        StringBuilder s = new StringBuilder("malformed response: ").append(why).append(": '");
        for (int i = from; i < from + shown; i++) {
            int c = b[i] & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return new DecoderException(s.append(to - from > shown ? "…'" : "'").toString());
    }

    private static boolean matches(byte[] b, int from, int to, byte[] what) {
        if (to - from != what.length) {
            return false;
        }
        for (int i = 0; i < what.length; i++) {
            if (b[from + i] != what[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte what) {
        for (int i = from; i < to; i++) {
            if (b[i] == what) {
                return i;
            }
        }
        return -1;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }
}
