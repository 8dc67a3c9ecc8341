package io.parley.protocol.message;

/** One group inside {@link GroupListResMes}: its name, member count, and whether the caller is a member. */
public record GroupInfo(String name, int members, boolean joined) {}
