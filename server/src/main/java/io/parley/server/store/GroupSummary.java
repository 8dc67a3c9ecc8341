package io.parley.server.store;

/** A group's name and member count. */
public record GroupSummary(String name, int members) {}
