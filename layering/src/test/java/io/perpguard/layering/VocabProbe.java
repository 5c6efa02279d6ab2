package io.perpguard.layering;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsonFormatVisitors.*;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.perpguard.app.json.Json;
import org.junit.jupiter.api.Test;

import java.util.*;

class VocabProbe {
    final Map<String, Set<String>> names = new TreeMap<>();
    final Set<JavaType> seen = new HashSet<>();

    @Test
    void probe() throws Exception {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.perpguard");
        for (JavaClass c : classes) {
            String p = c.getPackageName();
            if (!c.isRecord() || !(p.startsWith("io.perpguard.app") || p.startsWith("io.perpguard.server") || p.startsWith("io.perpguard.live") || p.startsWith("io.perpguard.stream"))) continue;
            walk(Json.MAPPER.constructType(c.reflect()), c.getSimpleName());
        }
        names.forEach((n, w) -> System.out.println("NAME " + n + " " + w.size() + " " + w.stream().limit(4).toList()));
    }

    void walk(JavaType t, String where) throws JsonMappingException {
        if (!seen.add(t)) return;
        Json.MAPPER.acceptJsonFormatVisitor(t, new JsonFormatVisitorWrapper.Base() {
            @Override public JsonObjectFormatVisitor expectObjectFormat(JavaType type) {
                return new JsonObjectFormatVisitor.Base(getProvider()) {
                    @Override public void property(com.fasterxml.jackson.databind.BeanProperty prop) throws JsonMappingException { optionalProperty(prop); }
                    @Override public void optionalProperty(com.fasterxml.jackson.databind.BeanProperty prop) throws JsonMappingException {
                        names.computeIfAbsent(prop.getName(), k -> new TreeSet<>()).add(type.getRawClass().getSimpleName());
                        walk(prop.getType(), type.getRawClass().getSimpleName());
                    }
                };
            }
            @Override public JsonArrayFormatVisitor expectArrayFormat(JavaType type) {
                try { if (type.getContentType() != null) walk(type.getContentType(), where); } catch (JsonMappingException e) { throw new RuntimeException(e); }
                return null;
            }
            @Override public JsonMapFormatVisitor expectMapFormat(JavaType type) {
                try { if (type.getContentType() != null) walk(type.getContentType(), where); } catch (JsonMappingException e) { throw new RuntimeException(e); }
                return null;
            }
        });
    }
}
