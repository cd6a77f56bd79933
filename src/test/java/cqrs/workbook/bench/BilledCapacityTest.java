package cqrs.workbook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The billing rules of the cost bench, on items whose sizes the DynamoDB guide's rules give by hand. */
class BilledCapacityTest {

    @Test
    void an_item_is_its_attribute_names_and_values() {
        assertThat(BilledCapacity.itemBytes(Map.of("id", AttributeValue.fromS("abc")))).isEqualTo(2 + 3);
        assertThat(BilledCapacity.itemBytes(Map.of("name", AttributeValue.fromS("é")))).as("UTF-8 bytes").isEqualTo(4 + 2);
        assertThat(BilledCapacity.itemBytes(Map.of("ok", AttributeValue.fromBool(true)))).isEqualTo(2 + 1);
    }

    @Test
    void a_number_is_one_byte_per_two_significant_digits_plus_one() {
        assertThat(BilledCapacity.numberBytes("1")).isEqualTo(2);
        assertThat(BilledCapacity.numberBytes("123")).isEqualTo(3);
        assertThat(BilledCapacity.numberBytes("1200")).as("trailing zeros do not count").isEqualTo(2);
        assertThat(BilledCapacity.numberBytes("-0.0012")).as("nor leading ones").isEqualTo(2);
    }

    @Test
    void a_map_or_list_costs_three_bytes_and_one_per_element() {
        AttributeValue map = AttributeValue.fromM(Map.of("a", AttributeValue.fromS("b")));
        assertThat(BilledCapacity.itemBytes(Map.of("m", map))).isEqualTo(1 + 3 + 1 + 1 + 1);
        AttributeValue list = AttributeValue.fromL(List.of(AttributeValue.fromS("xy"), AttributeValue.fromN("5")));
        assertThat(BilledCapacity.itemBytes(Map.of("l", list))).isEqualTo(1 + 3 + (1 + 2) + (1 + 2));
    }

    @Test
    void writes_are_billed_per_started_kilobyte_and_reads_per_started_four() {
        assertThat(BilledCapacity.writeUnits(0)).isEqualTo(1);
        assertThat(BilledCapacity.writeUnits(1024)).isEqualTo(1);
        assertThat(BilledCapacity.writeUnits(1025)).isEqualTo(2);
        assertThat(BilledCapacity.readUnits(4096, true)).isEqualTo(1);
        assertThat(BilledCapacity.readUnits(4097, true)).isEqualTo(2);
        assertThat(BilledCapacity.readUnits(4097, false)).as("eventually consistent: half").isEqualTo(1);
        assertThat(BilledCapacity.readUnits(0, false)).as("nothing found still costs").isEqualTo(0.5);
    }
}
