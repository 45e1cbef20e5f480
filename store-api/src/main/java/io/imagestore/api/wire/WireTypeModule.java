package io.imagestore.api.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.AccessPattern;
import java.io.IOException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Registers every wire type with Jackson through its own {@code readFrom}/{@code writeTo} pair, so
 * that no Jackson introspection (naming strategies, annotations, coercions) takes part: the wire
 * format is what those methods say and nothing else.
 *
 * <p>A value that cannot be read fails with a {@link JsonMappingException} whose message begins
 * {@code invalid <Type>: } and whose cause is the {@link WireFormatException}. A JSON {@code null}
 * where a wire object is expected is refused, as serde refuses it.
 */
final class WireTypeModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    WireTypeModule() {
        super("imagestore-wire");
        both(ImageInfoDto.class, ImageInfoDto::readFrom, ImageInfoDto::writeTo);
        both(PruneResultDto.class, PruneResultDto::readFrom, PruneResultDto::writeTo);
        both(PullImageRequest.class, PullImageRequest::readFrom, PullImageRequest::writeTo);
        both(PullImageResponse.class, PullImageResponse::readFrom, PullImageResponse::writeTo);
        both(RemoveImageQuery.class, RemoveImageQuery::readFrom, RemoveImageQuery::writeTo);
        both(PullImageQuery.class, PullImageQuery::readFrom, PullImageQuery::writeTo);
        both(PullProgressDto.class, PullProgressCodec::read, PullProgressCodec::write);
        both(PullProgressDto.Status.class, PullProgressDto.Status::readFrom, PullProgressDto.Status::writeTo);
        both(PullProgressDto.Done.class, PullProgressDto.Done::readFrom, PullProgressDto.Done::writeTo);
        both(TagImageRequest.class, TagImageRequest::readFrom, TagImageRequest::writeTo);
        both(ImageHistoryEntryDto.class, ImageHistoryEntryDto::readFrom, ImageHistoryEntryDto::writeTo);
        both(ImageSearchResultDto.class, ImageSearchResultDto::readFrom, ImageSearchResultDto::writeTo);
        both(SearchImagesQuery.class, SearchImagesQuery::readFrom, SearchImagesQuery::writeTo);
        both(CommitContainerRequest.class, CommitContainerRequest::readFrom, CommitContainerRequest::writeTo);
        both(CommitContainerResponse.class, CommitContainerResponse::readFrom, CommitContainerResponse::writeTo);
        both(ImportImageRequest.class, ImportImageRequest::readFrom, ImportImageRequest::writeTo);
        both(ImportImageResponse.class, ImportImageResponse::readFrom, ImportImageResponse::writeTo);
        both(LoadImagesQuery.class, LoadImagesQuery::readFrom, LoadImagesQuery::writeTo);
        both(SaveImagesQuery.class, SaveImagesQuery::readFrom, SaveImagesQuery::writeTo);
        both(RegistryAuth.class, RegistryAuth::readFrom, RegistryAuth::writeTo);
    }

    private <T> void both(Class<T> type, Function<JsonObjectReader, T> read, BiConsumer<T, JsonObjectWriter> write) {
        addDeserializer(type, new Reader<>(type, read));
        addSerializer(type, new Writer<>(type, write));
    }

    /** Reads one wire type from a JSON object. */
    private static final class Reader<T> extends StdDeserializer<T> {
        private static final long serialVersionUID = 1L;
        private final transient Function<JsonObjectReader, T> read;

        Reader(Class<T> type, Function<JsonObjectReader, T> read) {
            super(type);
            this.read = read;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            try {
                return read.apply(JsonObjectReader.of(context.readTree(parser)));
            } catch (WireFormatException e) {
                throw invalid(context, e);
            }
        }

        @Override
        public T getNullValue(DeserializationContext context) throws JsonMappingException {
            throw invalid(context, new WireFormatException("expected a JSON object, found null"));
        }

        @Override
        public AccessPattern getNullAccessPattern() {
            return AccessPattern.DYNAMIC;
        }

        private JsonMappingException invalid(DeserializationContext context, WireFormatException cause) {
            return JsonMappingException.from(context, "invalid " + handledType().getSimpleName() + ": "
                    + cause.getMessage(), cause);
        }
    }

    /** Writes one wire type as a JSON object. */
    private static final class Writer<T> extends StdSerializer<T> {
        private static final long serialVersionUID = 1L;
        private final transient BiConsumer<T, JsonObjectWriter> write;

        Writer(Class<T> type, BiConsumer<T, JsonObjectWriter> write) {
            super(type);
            this.write = write;
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            JsonObjectWriter out = new JsonObjectWriter();
            write.accept(value, out);
            out.object().serialize(generator, provider);
        }
    }
}
