package io.parley.app;

/** Placeholder replaced by the picocli entry point. */
public final class ParleyCommand {
    public static void main(String[] args) {
    }
}
