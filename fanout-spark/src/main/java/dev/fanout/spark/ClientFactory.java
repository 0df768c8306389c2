package dev.fanout.spark;

import dev.fanout.client.Fanout;

import java.io.Serializable;

/**
 * Makes the settings of each executor's client (timeouts, retries, redirects, TLS, blocked networks…), on the
 * executor. It travels to the executors, so it must be serializable: a lambda over serializable values or a
 * method reference such as {@code Fanout::builder}. The cluster-wide limits are not taken from it: {@link
 * FanoutSparkOptions} holds them and sets each executor's share.
 */
@FunctionalInterface
public interface ClientFactory extends Serializable {
    Fanout.Builder builder();
}
