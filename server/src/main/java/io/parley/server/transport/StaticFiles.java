package io.parley.server.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The web client's files, read once into memory when the server starts: a request never touches the file
 * system, so no path a client sends can reach a file outside the catalogue. Each file carries its type, an
 * entity tag from its content, and a gzip copy when that is worth sending.
 */
final class StaticFiles {
    /** Where the files sit on the class path (the parley-web module). */
    static final String CLASSPATH_ROOT = "parley-web";

    static final StaticFiles NONE = new StaticFiles(Map.of());

    /** Bounds on what is loaded: the web client is a few dozen small files; more means a packaging mistake. */
    static final int MAX_FILES = 256;

    static final long MAX_TOTAL_BYTES = 16L * 1024 * 1024;

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("woff2", "font/woff2"));
    /** Types that compress; images and fonts already are. */
    private static final List<String> COMPRESSIBLE =
            List.of("text/", "application/json", "application/manifest", "image/svg");

    private final Map<String, StaticFile> byPath;

    private StaticFiles(Map<String, StaticFile> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    /**
     * The files under {@code root} on this class loader's path, in a jar or a folder; {@link #NONE} when there
     * is no {@code root/index.html} (a server built without the web module).
     *
     * @throws IllegalStateException when the folder holds more than the bounds allow or cannot be read
     */
    static StaticFiles fromClasspath(ClassLoader loader, String root) {
        URL index = loader.getResource(root + "/index.html");
        if (index == null) {
            return NONE;
        }
        try {
            URI uri = index.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem jar;
                boolean opened = false;
                try {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                    opened = true;
                } catch (FileSystemAlreadyExistsException e) {
                    jar = FileSystems.getFileSystem(uri);
                }
                try {
                    return fromFolder(jar.getPath(root));
                } finally {
                    if (opened) {
                        jar.close();
                    }
                }
            }
            return fromFolder(Path.of(uri).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web client's files at " + index, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read the web client's files at " + index, e);
        }
    }

    /** Every regular file under {@code folder}, served at its path relative to it. */
    static StaticFiles fromFolder(Path folder) throws IOException {
        Map<String, StaticFile> files = new HashMap<>();
        long total = 0;
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.filter(Files::isRegularFile).limit(MAX_FILES + 1L).toList();
        }
        if (paths.size() > MAX_FILES) {
            throw new IllegalStateException(
                    "the web client at " + folder + " has more than " + MAX_FILES + " files; is it packaged right?");
        }
        for (Path file : paths) {
            byte[] bytes = Files.readAllBytes(file);
            total += bytes.length;
            if (total > MAX_TOTAL_BYTES) {
                throw new IllegalStateException("the web client at " + folder + " is over " + MAX_TOTAL_BYTES
                        + " bytes; is it packaged right?");
            }
            StringBuilder path = new StringBuilder();
            for (Path part : folder.relativize(file)) {
                path.append('/').append(part);
            }
            files.put(path.toString(), file(path.toString(), bytes));
        }
        return new StaticFiles(files);
    }

    /**
     * The file served at this request path ({@code /} is {@code /index.html}); empty when there is none. The
     * path is looked up, never resolved, so {@code ..} and the like simply match nothing.
     */
    Optional<StaticFile> find(String path) {
        return Optional.ofNullable(byPath.get("/".equals(path) ? "/index.html" : path));
    }

    boolean isEmpty() {
        return byPath.isEmpty();
    }

    int size() {
        return byPath.size();
    }

    static StaticFile file(String path, byte[] bytes) {
        String type = typeOf(path);
        byte[] gzipped = null;
        if (COMPRESSIBLE.stream().anyMatch(type::startsWith)) {
            byte[] smaller = gzip(bytes);
            // Worth a second copy and a Vary header only when it saves a tenth or more.
            if (smaller.length < bytes.length * 0.9) {
                gzipped = smaller;
            }
        }
        return new StaticFile(path, type, bytes, gzipped, entityTag(bytes));
    }

    private static String typeOf(String path) {
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a stream in memory does not fail
        }
        return out.toByteArray();
    }

    /** A strong tag from the content: the same file in a new release keeps its tag, a changed one gets a new one. */
    private static String entityTag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return '"'
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(digest)
                            .substring(0, 22)
                    + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * One file: its bytes, and a gzip copy or null. A class, not a record: its arrays are shared, never copied,
     * and a record's equality would compare them by identity anyway.
     */
    static final class StaticFile {
        private final String path;
        private final String contentType;
        private final byte[] bytes;
        private final byte[] gzipped;
        private final String etag;

        StaticFile(String path, String contentType, byte[] bytes, byte[] gzipped, String etag) {
            this.path = path;
            this.contentType = contentType;
            this.bytes = bytes;
            this.gzipped = gzipped;
            this.etag = etag;
        }

        String path() {
            return path;
        }

        String contentType() {
            return contentType;
        }

        /** The file as it is; not to be changed. */
        byte[] bytes() {
            return bytes;
        }

        /** The gzip copy, or null when compressing did not pay; not to be changed. */
        byte[] gzipped() {
            return gzipped;
        }

        /** The quoted entity tag of the bytes as they are; the gzip copy's is {@link #gzipEtag()}. */
        String etag() {
            return etag;
        }

        /** A different tag for the gzip copy: two encodings of one file are two representations. */
        String gzipEtag() {
            return etag.substring(0, etag.length() - 1) + "-gz\"";
        }

        /** Whether an {@code If-None-Match} header value names this file's current content, in either encoding. */
        boolean matches(String ifNoneMatch) {
            if (ifNoneMatch == null) {
                return false;
            }
            for (String tag : ifNoneMatch.split(",", -1)) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2); // If-None-Match compares weakly
                }
                if (t.equals("*") || t.equals(etag) || (gzipped != null && t.equals(gzipEtag()))) {
                    return true;
                }
            }
            return false;
        }
    }
}
