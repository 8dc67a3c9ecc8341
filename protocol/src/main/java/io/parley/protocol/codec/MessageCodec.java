package io.parley.protocol.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Encodes outgoing records into frame bodies and decodes incoming frame bodies into records, for one
 * side of a connection. Thread-safe; create one per process and share it.
 *
 * @param <I> what this side receives
 * @param <O> what this side sends
 */
public final class MessageCodec<I, O> {
    private static final JsonMapper MAPPER = newMapper();
    /** How many leading bytes Jackson reads to guess an encoding. */
    private static final int UTF_CHECK_BYTES = 4;
    /** Made once per record type: looking the (de)serializer up for every frame was a measurable part of it. */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };

    private static final ClassValue<ObjectWriter> WRITERS = new ClassValue<>() {
        @Override
        protected ObjectWriter computeValue(Class<?> type) {
            return MAPPER.writerFor(type);
        }
    };
    /** Per thread, as the event loops encode one frame at a time each. */
    private static final ThreadLocal<FrameWriter> FRAME = ThreadLocal.withInitial(FrameWriter::new);

    private final Map<String, ? extends Class<? extends I>> inbound;
    private final Function<O, String> outboundName;

    private MessageCodec(Map<String, ? extends Class<? extends I>> inbound, Function<O, String> outboundName) {
        this.inbound = inbound;
        this.outboundName = outboundName;
    }

    /** The server's side: receives {@link ClientMessage}s, sends {@link ServerMessage}s. */
    public static MessageCodec<ClientMessage, ServerMessage> server() {
        return new MessageCodec<>(Map.copyOf(WireTypes.CLIENT), WireTypes::nameOf);
    }

    /** A client's side: receives {@link ServerMessage}s, sends {@link ClientMessage}s. */
    public static MessageCodec<ServerMessage, ClientMessage> client() {
        return new MessageCodec<>(Map.copyOf(WireTypes.SERVER), WireTypes::nameOf);
    }

    /** The wire type name of an outgoing message. */
    public String typeOf(O message) {
        return outboundName.apply(message);
    }

    /**
     * Writes the frame body (the envelope, without the length prefix) of {@code message} to {@code out} in one write,
     * then closes {@code out} (as this method always has: Jackson's generator closed its target).
     */
    public void encode(O message, OutputStream out) throws IOException {
        Objects.requireNonNull(message, "message");
        FrameWriter frame = FRAME.get();
        try {
            write(message, frame);
            try (out) {
                out.write(frame.bytes(), 0, frame.length());
            }
        } finally {
            frame.clear();
        }
    }

    /** The frame body of {@code message} as bytes. */
    public byte[] encode(O message) {
        Objects.requireNonNull(message, "message");
        FrameWriter frame = FRAME.get();
        try {
            write(message, frame);
            return frame.copy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            frame.clear();
        }
    }

    /**
     * The inner JSON goes to a reused char buffer and from there, escaped, into a reused byte buffer: no String of
     * it, no generator for the envelope, and one copy of the body to its destination.
     */
    private void write(O message, FrameWriter frame) throws IOException {
        WRITERS.get(message.getClass()).writeValue(frame.inner(), message);
        frame.writeEnvelope(typeOf(message));
    }

    /** Decodes one frame body. */
    public I decode(byte[] body) throws ProtocolException {
        return decode(body, 0, body.length);
    }

    /** Decodes one frame body held in {@code body[offset, offset + length)}. */
    public I decode(byte[] body, int offset, int length) throws ProtocolException {
        Objects.checkFromIndexSize(offset, length, body.length);
        requireUtf8(body, offset, length);
        try (JsonParser p = MAPPER.getFactory().createParser(body, offset, length)) {
            return decode(p);
        } catch (IOException e) {
            throw new ProtocolException(null, "invalid JSON: " + firstLine(e));
        }
    }

    /** Decodes one frame body read from {@code in}, which must hold exactly that body. */
    public I decode(InputStream in) throws ProtocolException {
        InputStream body = in.markSupported() ? in : new BufferedInputStream(in);
        try {
            body.mark(UTF_CHECK_BYTES);
            byte[] start = body.readNBytes(UTF_CHECK_BYTES);
            body.reset();
            requireUtf8(start, 0, start.length);
        } catch (IOException e) {
            throw new ProtocolException(null, "invalid JSON: " + firstLine(e));
        }
        try (JsonParser p = MAPPER.getFactory().createParser(body)) {
            return decode(p);
        } catch (IOException e) {
            throw new ProtocolException(null, "invalid JSON: " + firstLine(e));
        }
    }

    /**
     * Frames are UTF-8 (as Go's encoder writes them), but Jackson guesses UTF-16 or UTF-32 from a NUL byte or
     * a byte-order mark among the first four bytes. Such a body is refused here rather than decoded in an
     * encoding no Parley or tutorial peer sends (found by DecoderFuzzTest: both decoders then disagreed).
     */
    private static void requireUtf8(byte[] body, int offset, int length) throws ProtocolException {
        for (int i = offset; i < offset + Math.min(length, UTF_CHECK_BYTES); i++) {
            int b = body[i] & 0xFF;
            if (b == 0x00 || b == 0xFE || b == 0xFF) {
                throw new ProtocolException(null, "invalid JSON: the frame must be UTF-8 text");
            }
        }
    }

    private I decode(JsonParser p) throws IOException, ProtocolException {
        Envelope envelope = readEnvelope(p);
        Class<? extends I> type = inbound.get(envelope.type);
        if (type == null) {
            throw new ProtocolException(envelope.type, "unknown message type \"" + abbreviate(envelope.type) + "\"");
        }
        try {
            return type.cast(readData(envelope.data, READERS.get(type)));
        } catch (ProtocolException e) {
            String data = new String(envelope.data);
            throw new ProtocolException(
                    envelope.type,
                    envelope.type + ": " + e.getMessage(),
                    idField(data, "reqId"),
                    idField(data, "clientMsgId"));
        }
    }

    /** A string field of a request that failed to decode, so the error reply can carry the caller's id. */
    private static String idField(String data, String name) {
        try {
            JsonNode node = MAPPER.readTree(data);
            if (node != null && node.isObject()) {
                for (var field : node.properties()) {
                    if (field.getKey().equalsIgnoreCase(name)
                            && field.getValue().isTextual()
                            && field.getValue().asText().length() <= 64) {
                        return field.getValue().asText();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable data has no ids to report.
        }
        return null;
    }

    private static Object readData(char[] data, ObjectReader reader) throws ProtocolException {
        if (isBlank(data)) {
            throw new ProtocolException(null, "data is empty (expected a JSON object)");
        }
        // Errors are described while the parser is still open: describe() reads the offending token from it.
        try (JsonParser p = MAPPER.getFactory().createParser(data)) {
            try {
                Object message = reader.readValue(p);
                if (message == null) {
                    throw new ProtocolException(null, "data must hold a JSON object, not null");
                }
                if (p.nextToken() != null) {
                    throw new ProtocolException(null, "trailing content after the data object");
                }
                return message;
            } catch (ValueInstantiationException e) {
                // The compact constructors throw IllegalArgumentException with a sentence meant for people;
                // anything else is described generically rather than as a stack frame.
                Throwable cause = e.getCause();
                throw new ProtocolException(
                        null,
                        cause instanceof IllegalArgumentException && cause.getMessage() != null
                                ? cause.getMessage()
                                : "invalid values (a field is missing or null)");
            } catch (JsonMappingException e) {
                throw new ProtocolException(null, describe(e));
            } catch (JsonProcessingException e) {
                throw new ProtocolException(null, "data is not valid JSON: " + firstLine(e));
            }
        } catch (IOException e) {
            throw new ProtocolException(null, "data is not valid JSON: " + firstLine(e));
        }
    }

    /** As {@link String#isBlank()}: no whitespace lies outside the basic multilingual plane. */
    private static boolean isBlank(char[] text) {
        for (char c : text) {
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /** The envelope's fields; {@code data} is the inner JSON's characters, parsed from there without a String. */
    @SuppressWarnings("ArrayRecordComponent") // private, made and read only here
    private record Envelope(String type, char[] data) {}

    private static Envelope readEnvelope(JsonParser p) throws IOException, ProtocolException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new ProtocolException(null, "the frame must hold a JSON object {\"type\":...,\"data\":...}");
        }
        String type = null;
        char[] data = null;
        JsonToken dataShape = null;
        try {
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equalsIgnoreCase(field)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new ProtocolException(null, "\"type\" must be a string");
                    }
                    type = p.getText();
                } else if ("data".equalsIgnoreCase(field)) {
                    dataShape = value;
                    if (value == JsonToken.VALUE_STRING) {
                        int start = p.getTextOffset();
                        data = Arrays.copyOfRange(p.getTextCharacters(), start, start + p.getTextLength());
                    } else {
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            // Keep the type when it was read before the break, so the server can still answer in kind.
            throw new ProtocolException(type, "invalid JSON: " + firstLine(e));
        }
        try {
            if (p.nextToken() != null) {
                throw new ProtocolException(type, "trailing content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new ProtocolException(type, "trailing content after the JSON object");
        }
        if (type == null) {
            throw new ProtocolException(null, "missing \"type\"");
        }
        if (dataShape == null || dataShape == JsonToken.VALUE_NULL) {
            throw new ProtocolException(type, "missing \"data\" (a JSON string holding the message object)");
        }
        if (data == null) {
            throw new ProtocolException(
                    type, "\"data\" must be a JSON string holding the object, not " + shape(dataShape));
        }
        return new Envelope(type, data);
    }

    /** A sentence for a value of the wrong shape; Jackson's own messages name Java classes and config knobs. */
    static String describe(JsonMappingException e) {
        String path = path(e);
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            String got = received(m);
            if (path.isEmpty()) {
                return "data must hold a JSON object" + (got == null ? "" : ", not " + got);
            }
            return "field \"" + path + "\": expected " + expected(m.getTargetType())
                    + (got == null ? "" : ", got " + got);
        }
        String what = firstLine(e);
        return path.isEmpty() ? what : "field \"" + path + "\": " + what;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> target) {
        if (target == int.class
                || target == Integer.class
                || target == long.class
                || target == Long.class
                || target == short.class
                || target == Short.class
                || target == byte.class
                || target == Byte.class) {
            return "a whole number";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(target)) {
            return "a string";
        }
        if (target.isArray() || Collection.class.isAssignableFrom(target)) {
            return "an array";
        }
        return "an object";
    }

    private static String received(MismatchedInputException e) {
        if (e instanceof InvalidFormatException f && f.getValue() != null) {
            Object value = f.getValue();
            if (value instanceof String s) {
                return "a string (\"" + abbreviate(s) + "\")";
            }
            if (value instanceof Number n) {
                return "a number (" + abbreviate(n.toString()) + ")";
            }
            return String.valueOf(value);
        }
        if (e.getProcessor() instanceof JsonParser p && p.currentToken() != null) {
            JsonToken token = p.currentToken();
            try {
                if (token == JsonToken.VALUE_STRING) {
                    return "a string (\"" + abbreviate(p.getText()) + "\")";
                }
                if (token.isNumeric()) {
                    return "a number (" + abbreviate(p.getText()) + ")";
                }
            } catch (IOException ignored) {
                // The token's text is a courtesy; its shape alone still says what went wrong.
            }
            return shape(token);
        }
        return null;
    }

    static String abbreviate(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "...";
    }

    static String shape(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl);
        // Some parser messages embed a source location ("(start marker at [Source: ...])"): noise to a person.
        int source = line.indexOf("[Source:");
        if (source >= 0) {
            int open = line.lastIndexOf(" (", source);
            line = line.substring(0, open >= 0 ? open : source).trim();
        }
        // Limit messages name the Java setting behind the limit ("from `StreamReadConstraints...`").
        return line.replaceAll(", from `[^`]*`", "");
    }

    static JsonMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder()
                // The tutorial's Go decoder matches keys case-insensitively and ignores unknown keys.
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // ...and rejects a number sent as a string, or a fraction sent for an integer. (Trailing
                // content after the data object is checked in readData, to say so in plain words.)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
