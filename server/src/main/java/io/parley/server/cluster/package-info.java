/**
 * Many nodes as one chat system, through Redis alone: {@link io.parley.server.cluster.RedisPeers} publishes what
 * this node stores, subscribes to what the others do, beats so that the others know it is alive, clears the
 * sessions of nodes that stopped beating, and repairs after a Redis reconnect. The service sees it only as
 * {@link io.parley.server.service.Peers} and talks back through {@link io.parley.server.service.PeerEvents}.
 * docs/cluster.md has the channels, payloads and failure behaviour.
 */
package io.parley.server.cluster;
