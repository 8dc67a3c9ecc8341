package io.parley.server.store.redis;

/**
 * Where the message store announces what it appends, for the other nodes of a cluster: the pub/sub channel of
 * each log and the prefix naming this node. Published from inside the append script, the announcements of
 * one log leave Redis in seq order, atomically with the append: a message is stored and announced, or neither.
 */
public interface Announcements {
    /** The channel for messages of {@code log}. */
    String channelOf(String log);

    /** What the payload starts with, before a space and the stored message's JSON: this node's id. */
    String origin();
}
