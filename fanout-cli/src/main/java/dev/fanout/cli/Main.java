package dev.fanout.cli;

/** The {@code fanout} launcher's entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = FanoutCommand.execute(Io.system(), args);
        System.out.flush();
        System.exit(code);
    }
}
