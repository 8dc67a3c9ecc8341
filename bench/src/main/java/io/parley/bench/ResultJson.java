package io.parley.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** The results for machines ({@code --json FILE}): the {@link BenchResult} record as one JSON object. */
public final class ResultJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultJson() {}

    public static String toJson(BenchResult result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (IOException e) {
            throw new IllegalStateException("a result is plain data and always serialises", e);
        }
    }

    public static void write(BenchResult result, Path file) throws IOException {
        JSON.writeValue(file.toFile(), result);
    }
}
