package cqrs.workbook.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What DynamoDB bills for a request, computed from the items as DynamoDB sizes them, not
 * taken from the emulator's answer (moto reports a constant whatever the size). The rules,
 * from the DynamoDB developer guide ("Item sizes", "Read/write capacity mode"):
 * <ul>
 * <li>an item's size is the sum of its attribute names' UTF-8 bytes and their values' sizes;</li>
 * <li>a string is its UTF-8 bytes, a binary its bytes, a number about one byte per two
 *     significant digits plus one, a boolean or null one byte; a list or map 3 bytes plus one
 *     per element plus the elements;</li>
 * <li>a write costs one unit per started 1 KB of the item, a read one unit per started 4 KB
 *     (a query: of all the items it returned together), half of that when eventually
 *     consistent; in a transaction each item costs twice;</li>
 * <li>a write refused by its condition is billed all the same.</li>
 * </ul>
 */
final class BilledCapacity {

    private BilledCapacity() {}

    static long itemBytes(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + valueBytes(attribute.getValue());
        }
        return size;
    }

    static long valueBytes(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> numberBytes(value.n());
            case B -> value.b().asByteArray().length;
            case BOOL, NUL -> 1;
            case SS -> value.ss().stream().mapToLong(BilledCapacity::utf8).sum();
            case NS -> value.ns().stream().mapToLong(BilledCapacity::numberBytes).sum();
            case BS -> value.bs().stream().map(SdkBytes::asByteArray).mapToLong(b ->
                    b.length).sum();
            case L -> 3 + elements(value.l());
            case M -> 3 + value.m().size() + itemBytes(value.m());
            case UNKNOWN_TO_SDK_VERSION -> 0;
        };
    }

    private static long elements(Collection<AttributeValue> values) {
        return values.stream().mapToLong(v -> 1 + valueBytes(v)).sum();
    }

    /** Leading and trailing zeros do not count; one byte per two significant digits, plus one. */
    static long numberBytes(String number) {
        String digits = new BigDecimal(number).abs().stripTrailingZeros().unscaledValue()
                .toString();
        return (digits.length() + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Write request units for one item of {@code bytes}: one per started KB, at least one. */
    static double writeUnits(long bytes) {
        return Math.max(1, Math.ceil(bytes / 1024.0));
    }

    /**
     * Read request units for {@code bytes} read together: one per started 4 KB, at least one; half
     * if eventually consistent.
     */
    static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, Math.ceil(bytes / 4096.0));
        return consistent ? units : units / 2;
    }
}
