package dev.fanout.internal.transport;

import io.netty.channel.EventLoop;

import java.time.Duration;

/**
 * An event loop's deadline queues, one per kind of limit; {@code firstByte} and {@code read} are null when
 * the client does not set them. Confined to the loop's thread.
 */
record LoopTimeouts(TimeoutQueue total, TimeoutQueue firstByte, TimeoutQueue read) {

    static LoopTimeouts of(EventLoop loop, Duration total, Duration firstByte, Duration read) {
        return new LoopTimeouts(new TimeoutQueue(loop, total.toNanos()),
                firstByte.isZero() ? null : new TimeoutQueue(loop, firstByte.toNanos()),
                read.isZero() ? null : new TimeoutQueue(loop, read.toNanos()));
    }
}
