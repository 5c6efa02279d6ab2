package io.perpguard.checklist;

import io.perpguard.Checks;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One checked item of the pre-trade checklist with the numbers behind its verdict.
 *
 * @param id      stable identifier ({@code thesis}, {@code trend}, {@code stop}, {@code size}, {@code leverage},
 *                {@code liquidation}, {@code rewardRisk}, {@code funding}, {@code openInterest}, {@code exposure})
 * @param verdict pass, warn or fail
 * @param reason  why, as a stable code (the sentence is written from it and the values outside core)
 * @param values  the figures the verdict rests on, in insertion order; NaN means "not known"
 */
public record Rule(String id, Verdict verdict, Reason reason, Map<String, Object> values) {
    public Rule {
        Checks.notBlank("id", id);
        Checks.notNull("verdict", verdict);
        Checks.notNull("reason", reason);
        values = values instanceof Figures f ? f.freeze() : Collections.unmodifiableMap(new LinkedHashMap<>(values == null ? Map.of() : values));
    }

    /**
     * Figures the checklist builds for the one rule it hands them to, kept by the rule as they are: no copy, no
     * wrapper, no entry objects (a check builds about ten rules per request). In insertion order; a key put again keeps
     * its place. Unmodifiable once a rule holds them.
     */
    static final class Figures extends AbstractMap<String, Object> {
        private String[] keys;
        private Object[] values;
        private int size;
        private boolean frozen;

        Figures(int capacity) {
            keys = new String[Math.max(1, capacity)];
            values = new Object[keys.length];
        }

        Figures freeze() {
            frozen = true;
            return this;
        }

        @Override
        public Object put(String key, Object value) {
            if (frozen) {
                throw new UnsupportedOperationException("a rule's figures are fixed");
            }
            int i = indexOf(key);
            if (i >= 0) {
                Object old = values[i];
                values[i] = value;
                return old;
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size++] = value;
            return null;
        }

        @Override
        public Object get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return size;
        }

        private int indexOf(Object key) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return size;
                }

                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < size;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (i >= size) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, Object> e = new SimpleImmutableEntry<>(keys[i], values[i]);
                            i++;
                            return e;
                        }
                    };
                }
            };
        }
    }
}
