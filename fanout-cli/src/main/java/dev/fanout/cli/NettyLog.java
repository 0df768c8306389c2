package dev.fanout.cli;

import io.netty.util.internal.logging.AbstractInternalLogger;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.io.PrintStream;

/**
 * Where the command line sends Netty's own log: its warnings and errors to standard error, one line each, the
 * rest nowhere.
 *
 * <p>Why not java.util.logging, Netty's fallback when no logging library is on the class path: setting it up
 * reads its configuration and asks every jar on the class path for a logging back-end, ~4% of the CPU of a
 * 200-request run (measured), for messages a command-line user should seldom see. Thread-safe: a line is one
 * {@code println}.
 */
final class NettyLog extends InternalLoggerFactory {
    private final PrintStream err;

    NettyLog(PrintStream err) {
        this.err = err;
    }

    @Override
    protected InternalLogger newInstance(String name) {
        return new Logger(name, err);
    }

    /** Formats Netty's "{}" placeholders in order, as its loggers do; a trailing Throwable is the cause. */
    static String format(String message, Object... args) {
        StringBuilder b = new StringBuilder(message.length() + 32);
        int from = 0;
        int used = 0;
        int at;
        while (used < args.length && (at = message.indexOf("{}", from)) >= 0) {
            b.append(message, from, at).append(args[used++]);
            from = at + 2;
        }
        b.append(message, from, message.length());
        if (args.length > 0 && args[args.length - 1] instanceof Throwable t && used < args.length) {
            b.append(": ").append(t);
        }
        return b.toString();
    }

    private static final class Logger extends AbstractInternalLogger {
        private final PrintStream err;

        Logger(String name, PrintStream err) {
            super(name);
            this.err = err;
        }

        private void print(String level, String line) {
            err.println("fanout: " + level + " from " + name() + ": " + line);
        }

        // trace, debug and info: nowhere
        @Override public boolean isTraceEnabled() { return false; }
        @Override public void trace(String msg) { }
        @Override public void trace(String format, Object arg) { }
        @Override public void trace(String format, Object a, Object b) { }
        @Override public void trace(String format, Object... args) { }
        @Override public void trace(String msg, Throwable t) { }
        @Override public boolean isDebugEnabled() { return false; }
        @Override public void debug(String msg) { }
        @Override public void debug(String format, Object arg) { }
        @Override public void debug(String format, Object a, Object b) { }
        @Override public void debug(String format, Object... args) { }
        @Override public void debug(String msg, Throwable t) { }
        @Override public boolean isInfoEnabled() { return false; }
        @Override public void info(String msg) { }
        @Override public void info(String format, Object arg) { }
        @Override public void info(String format, Object a, Object b) { }
        @Override public void info(String format, Object... args) { }
        @Override public void info(String msg, Throwable t) { }

        // warn and error: a line on standard error
        @Override public boolean isWarnEnabled() { return true; }
        @Override public void warn(String msg) { print("warning", msg); }
        @Override public void warn(String format, Object arg) { print("warning", format(format, arg)); }
        @Override public void warn(String format, Object a, Object b) { print("warning", format(format, a, b)); }
        @Override public void warn(String format, Object... args) { print("warning", format(format, args)); }
        @Override public void warn(String msg, Throwable t) { print("warning", format(msg, t)); }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public void error(String msg) { print("error", msg); }
        @Override public void error(String format, Object arg) { print("error", format(format, arg)); }
        @Override public void error(String format, Object a, Object b) { print("error", format(format, a, b)); }
        @Override public void error(String format, Object... args) { print("error", format(format, args)); }
        @Override public void error(String msg, Throwable t) { print("error", format(msg, t)); }
    }
}
