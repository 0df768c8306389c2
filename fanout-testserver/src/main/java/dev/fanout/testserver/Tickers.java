package dev.fanout.testserver;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * A quote API shaped like Yahoo Finance's chart endpoint: {@code /v8/finance/chart/{SYMBOL}} answers
 * {@code {"chart":{"result":[{"meta":{"symbol":…,"regularMarketPrice":…}}],"error":null}}}. A symbol of 1–5
 * capital letters (optionally {@code .XX}) is known unless it starts with {@code ZZ}; an unknown one gets a
 * 404 whose JSON says so, with {@code result} null — as the real API does.
 */
public final class Tickers {
    private Tickers() {
    }

    public static boolean known(String symbol) {
        return symbol.matches("[A-Z]{1,5}(\\.[A-Z]{1,2})?") && !symbol.startsWith("ZZ");
    }

    /** The symbol's price, with four decimal places, the same on every run. */
    public static BigDecimal price(String symbol) {
        long h = 1125899906842597L;
        for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        long tenThousandths = 100_000 + Math.floorMod(h, 5_000_000L);
        return BigDecimal.valueOf(tenThousandths, 4);
    }

    static String chartJson(String symbol) {
        return "{\"chart\":{\"result\":[{\"meta\":{\"currency\":\"USD\",\"symbol\":" + Json.quote(symbol)
                + ",\"exchangeName\":\"NMS\",\"regularMarketPrice\":" + price(symbol).toPlainString()
                + ",\"previousClose\":" + price(symbol + "-prev").toPlainString()
                + "},\"timestamp\":[1700000000],\"indicators\":{}}],\"error\":null}}";
    }

    static String notFoundJson() {
        return "{\"chart\":{\"result\":null,\"error\":{\"code\":\"Not Found\",\"description\":\"No data found, symbol may be delisted\"}}}";
    }
}
