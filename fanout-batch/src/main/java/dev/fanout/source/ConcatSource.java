package dev.fanout.source;

import dev.fanout.Request;

import java.util.List;
import java.util.NoSuchElementException;

/** The requests of several sources, one source after the other. */
final class ConcatSource implements RequestSource {
    private final List<RequestSource> parts;
    private int at;

    ConcatSource(List<RequestSource> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public boolean hasNext() {
        while (at < parts.size()) {
            if (parts.get(at).hasNext()) {
                return true;
            }
            at++;
        }
        return false;
    }

    @Override
    public Request next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return parts.get(at).next();
    }

    @Override
    public long expectedTotal() {
        long total = 0;
        for (RequestSource s : parts) {
            long t = s.expectedTotal();
            if (t < 0) {
                return -1;
            }
            total += t;
        }
        return total;
    }

    @Override
    public List<String> paramNames() {
        return parts.isEmpty() ? List.of() : parts.get(0).paramNames();
    }

    @Override
    public void close() {
        parts.forEach(RequestSource::close);
    }
}
