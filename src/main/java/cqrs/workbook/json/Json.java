package cqrs.workbook.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.org.City;
import cqrs.workbook.org.CountryCode;
import cqrs.workbook.org.OrgEvent.OrgProfileUpdated;
import cqrs.workbook.org.OrgEvent.OrgRegistered;
import cqrs.workbook.org.OrgId;
import cqrs.workbook.org.OrgName;
import cqrs.workbook.org.Website;
import cqrs.workbook.otp.CodeHash;
import cqrs.workbook.otp.OtpEvent.OtpIssued;
import java.io.IOException;
import java.util.function.Function;

/**
 * The JSON forms of the domain's records. The domain carries no Jackson annotations: value
 * objects are written as plain strings by the module below, and what must stay private is
 * hidden by a mix-in on the public mapper.
 */
public final class Json {

    private Json() {}

    /** For the event store: every field of every event. */
    public static final ObjectMapper STORE = base().build();

    /**
     * For everything that leaves the event store: published messages, views, HTTP answers.
     * It cannot write a code's hash, so no subscriber ever receives one.
     */
    // tag::public-mapper[]
    public static final ObjectMapper PUBLIC = base()
            .addMixIn(OtpIssued.class, WithoutCodeHash.class)
            .addMixIn(OrgRegistered.class, WithoutOwner.class)
            .addMixIn(OrgProfileUpdated.class, WithoutOwner.class)
            .addModule(new SimpleModule("no-secrets").addSerializer(CodeHash.class,
                    new StdSerializer<>(CodeHash.class) {
                        @Override
                        public void serialize(CodeHash value, JsonGenerator gen,
                                SerializerProvider provider) throws IOException {
                            // A second line of defence: any future field
                            // of this type fails loudly here.
                            throw new IllegalStateException(
                                    "a code's hash must not leave the event store");
                        }
                    }))
            .build();

    @JsonIgnoreProperties({"codeHash", "supersededCodeHashes"})
    private abstract static class WithoutCodeHash {}
    // end::public-mapper[]

    // tag::without-owner[]
    /**
     * An org's owner is a person's phone number, and who owns what is the command side's
     * business alone: no subscriber needs it, so it stays in the event store, like a hash.
     */
    @JsonIgnoreProperties({"owner"})
    private abstract static class WithoutOwner {}
    // end::without-owner[]

    private static JsonMapper.Builder base() {
        return JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addModule(valueObjects())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_ABSENT);
    }

    private static SimpleModule valueObjects() {
        SimpleModule module = new SimpleModule("value-objects");
        asString(module, PhoneNumber.class, PhoneNumber::value, PhoneNumber::recorded);
        asString(module, OrgId.class, OrgId::toString, OrgId::of);
        asString(module, OrgName.class, OrgName::value, OrgName::new);
        asString(module, City.class, City::value, City::new);
        asString(module, CountryCode.class, CountryCode::value, CountryCode::new);
        asString(module, Website.class, Website::value, Website::new);
        codeHash(module);
        return module;
    }

    /** Key id used for a hash stored as a bare string, before hashes named their key. */
    public static final String UNNAMED_KEY_ID = "legacy";

    /** A code's hash is stored as {@code {"keyId": "2026-11", "hmac": "9f2c…"}}. */
    private static void codeHash(SimpleModule module) {
        module.addSerializer(CodeHash.class, new StdSerializer<>(CodeHash.class) {
            @Override
            public void serialize(CodeHash value, JsonGenerator gen,
                    SerializerProvider provider) throws IOException {
                gen.writeStartObject();
                gen.writeStringField("keyId", value.keyId());
                gen.writeStringField("hmac", value.hex());
                gen.writeEndObject();
            }
        });
        module.addDeserializer(CodeHash.class, new StdDeserializer<>(CodeHash.class) {
            @Override
            public CodeHash deserialize(JsonParser parser,
                    DeserializationContext context) throws IOException {
                JsonNode node = parser.readValueAsTree();
                return node.isTextual()
                        ? new CodeHash(UNNAMED_KEY_ID, node.textValue())
                        : new CodeHash(node.path("keyId").asText(), node.path("hmac").asText());
            }
        });
    }

    private static <T> void asString(SimpleModule module, Class<T> type, Function<T, String> write,
                                     Function<String, T> read) {
        module.addSerializer(type, new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(write.apply(value));
            }
        });
        module.addDeserializer(type, new StdDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                return read.apply(parser.getValueAsString());
            }
        });
    }
}
