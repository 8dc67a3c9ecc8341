package io.parley.app.testing;

/**
 * Where a test's server listens: all that the test clients need of it, whether the test started the server
 * itself ({@link RunningServer}) or had it started ({@link ParleyServerExtension}).
 */
public interface ServerAddress {
    String host();

    int port();
}
