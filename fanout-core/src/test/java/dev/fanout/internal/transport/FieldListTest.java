package dev.fanout.internal.transport;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The decoder's header list answers as Netty's header map does, for the questions our handlers and Netty's ask. */
class FieldListTest {
    private static FieldList fields() {
        FieldList f = new FieldList(2);
        f.append("Content-Type", "text/plain");
        f.append("Set-Cookie", "a=1");
        f.append("Connection", "keep-alive, Upgrade");
        f.append("set-cookie", "b=2");
        f.append("Content-Length", "42");
        return f;
    }

    @Test
    void answersAsNettysMapDoes() {
        FieldList ours = fields();
        HttpHeaders netty = new DefaultHttpHeaders();
        for (Map.Entry<String, String> e : ours) {
            netty.add(e.getKey(), e.getValue());
        }
        for (HttpHeaders h : List.of(ours, netty)) {
            assertThat(h.get("CONTENT-TYPE")).isEqualTo("text/plain");
            assertThat(h.get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/plain");
            assertThat(h.getAll(HttpHeaderNames.SET_COOKIE)).containsExactly("a=1", "b=2");
            assertThat(h.contains("x-missing")).isFalse();
            assertThat(h.get("x-missing")).isNull();
            assertThat(h.containsValue(HttpHeaderNames.CONNECTION, "upgrade", true)).isTrue();
            assertThat(h.getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(42);
            assertThat(h.size()).isEqualTo(5);
            assertThat(HttpUtil.getContentLength(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, h))).isEqualTo(42);
            assertThat(HttpUtil.isKeepAlive(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, h))).isTrue();
        }
        assertThat(ours.entries()).isEqualTo(netty.entries());
        assertThat(ours.names()).containsExactly("Content-Type", "Set-Cookie", "Connection", "Content-Length");
    }

    /** A field's comma-separated values (Connection: close, keep-alive, upgrade) are found as Netty finds them. */
    @Test
    void listedValuesAreFoundAsNettyFindsThem() {
        String[] values = {"close", "Close", " close ", "keep-alive, close", "keep-alive,close,", ",close", "closed",
                "clo se", "", ",", " , ", "\tclose\t", "keep-alive, Upgrade", "upgrade,keep-alive", "x-close", "close-x"};
        for (String field : values) {
            FieldList ours = new FieldList(2);
            ours.append("Connection", field);
            ours.append("connection", "te");
            // as the decoder keeps them: values as received, which Netty's map would refuse to be given
            HttpHeaders netty = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders()
                    .add("Connection", field).add("connection", "te");
            for (String asked : new String[]{"close", "CLOSE", "keep-alive", "upgrade", "te", ""}) {
                for (boolean ignoreCase : new boolean[]{true, false}) {
                    assertThat(ours.containsValue(HttpHeaderNames.CONNECTION, asked, ignoreCase))
                            .as("'%s' lists '%s' (ignoring case: %s)", field, asked, ignoreCase)
                            .isEqualTo(netty.containsValue(HttpHeaderNames.CONNECTION, asked, ignoreCase));
                }
            }
            assertThat(HttpUtil.isKeepAlive(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, ours))).as(field)
                    .isEqualTo(HttpUtil.isKeepAlive(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, netty)));
        }
        assertThat(new FieldList(1).containsValue("Connection", "close", true)).isFalse();
    }

    @Test
    void setAndRemoveTakeEveryFieldOfTheName() {
        FieldList f = fields();
        f.set("SET-COOKIE", "c=3");
        assertThat(f.getAll("Set-Cookie")).containsExactly("c=3");
        f.remove("content-length");
        assertThat(f.contains("Content-Length")).isFalse();
        assertThat(f.size()).isEqualTo(3);
        assertThat(f.name(0)).isEqualTo("Content-Type");
        f.setInt("Content-Length", 7);
        assertThat(f.getInt("content-length")).isEqualTo(7);
        f.clear();
        assertThat(f.isEmpty()).isTrue();
    }

    @Test
    void anObsFoldContinuesTheLastValue() {
        FieldList f = new FieldList(1);
        f.append("X-Folded", "one");
        f.continueLast("two");
        f.continueLast("");
        assertThat(f.get("x-folded")).isEqualTo("one two");
    }
}
