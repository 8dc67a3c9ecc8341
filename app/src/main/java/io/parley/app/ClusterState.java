package io.parley.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code <dir>/cluster.json}: the processes one {@code parley cluster start} launched, so that later commands
 * act on exactly those and nothing else.
 *
 * @param redisUri  what the nodes were given as {@code --redis}
 * @param redis     the Redis started for the cluster, or null when it runs on a Redis of its own ({@code --redis})
 * @param nodes     node {@code i} at index {@code i}
 */
record ClusterState(String redisUri, ClusterMember redis, List<ClusterMember> nodes) {
    static final String FILE_NAME = "cluster.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    ClusterState {
        Objects.requireNonNull(redisUri, "redisUri");
        nodes = List.copyOf(nodes);
    }

    static Path file(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    /** The state written in {@code dir}, or empty when there is none. */
    static Optional<ClusterState> read(Path dir) throws IOException {
        Path file = file(dir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(file.toFile(), ClusterState.class));
    }

    /** Writes the state through a temporary file, so a reader never sees half of it. */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file(dir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void delete(Path dir) throws IOException {
        Files.deleteIfExists(file(dir));
    }

    /** Redis first when it was started here, then the nodes. */
    List<ClusterMember> members() {
        List<ClusterMember> all = new ArrayList<>();
        if (redis != null) {
            all.add(redis);
        }
        all.addAll(nodes);
        return all;
    }

    /** {@code 127.0.0.1:8889,127.0.0.1:8890,...}: the form clients and {@code parley bench} take. */
    String addresses() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    ClusterState withNode(int index, ClusterMember node) {
        List<ClusterMember> changed = new ArrayList<>(nodes);
        changed.set(index, node);
        return new ClusterState(redisUri, redis, changed);
    }

    ClusterState withNodeAdded(ClusterMember node) {
        List<ClusterMember> changed = new ArrayList<>(nodes);
        changed.add(node);
        return new ClusterState(redisUri, redis, changed);
    }

    ClusterState withRedis(ClusterMember value) {
        return new ClusterState(redisUri, value, nodes);
    }
}
