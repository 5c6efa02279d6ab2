package io.perpguard.checklist;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleFiguresTest {
    @Test
    void figuresKeepInsertionOrder_replaceInPlace_andEqualTheSameLinkedHashMap() {
        Rule.Figures f = new Rule.Figures(1);
        Map<String, Object> expected = new LinkedHashMap<>();
        for (Object[] kv : new Object[][] {{"stop", 58400.0}, {"distance", 1600.0}, {"stopMethod", "structure"}, {"none", null}, {"stop", 58000.0}}) {
            assertThat(f.put((String) kv[0], kv[1])).isEqualTo(expected.put((String) kv[0], kv[1]));
        }
        assertThat(f).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(List.copyOf(f.keySet())).containsExactly("stop", "distance", "stopMethod", "none");
        assertThat(f.get("stop")).isEqualTo(58000.0);
        assertThat(f.containsKey("none")).isTrue();
        assertThat(f.get("missing")).isNull();
    }

    @Test
    void aRuleHoldsItsFiguresUnmodifiable_andCopiesAnyOtherMap() {
        Rule.Figures f = new Rule.Figures(2);
        f.put("a", 1.0);
        Rule r = new Rule("stop", Verdict.PASS, Reason.STOP_PLACED, f);
        assertThat(r.values()).isSameAs(f).containsEntry("a", 1.0);
        assertThatThrownBy(() -> r.values().put("b", 2.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.values().clear()).isInstanceOf(UnsupportedOperationException.class);

        Map<String, Object> plain = new LinkedHashMap<>(Map.of("x", 1));
        Rule copied = new Rule("stop", Verdict.PASS, Reason.STOP_PLACED, plain);
        plain.put("y", 2);
        assertThat(copied.values()).containsOnlyKeys("x");
    }
}
