package dev.fanout.testserver;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package dependencies of a directory of compiled classes, read from their constant pools (every class a
 * class names, in its code, fields, signatures and annotations), and the cycles among them: for a test that
 * keeps a module's packages layered. Only packages under {@code prefix} count.
 */
public final class PackageCycles {
    private static final Pattern TYPE = Pattern.compile("L([\\w/$]+)[;<]");

    private PackageCycles() {
    }

    /** Each package under {@code prefix} with the others it uses. */
    public static Map<String, Set<String>> dependencies(Path classes, String prefix) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        String slashed = prefix.replace('.', '/');
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.endsWith("module-info.class")).toList()) {
                String own = packageOf(classes.relativize(f).toString().replace('\\', '/'));
                Set<String> out = uses.computeIfAbsent(own.replace('/', '.'), k -> new TreeSet<>());
                try (InputStream in = Files.newInputStream(f)) {
                    for (String name : namedClasses(in)) {
                        String pkg = packageOf(name);
                        if (pkg.startsWith(slashed) && !pkg.equals(own)) {
                            out.add(pkg.replace('/', '.'));
                        }
                    }
                }
            }
        }
        return uses;
    }

    /**
     * Fails unless the classes under {@code classes} (their packages under {@code dev.fanout}) form no cycle, and
     * unless {@code known} is seen to use {@code itsDependency}, which shows the classes were read at all.
     */
    public static void assertLayered(Path classes, String known, String itsDependency) throws IOException {
        Map<String, Set<String>> uses = dependencies(classes, "dev.fanout");
        if (!uses.getOrDefault(known, Set.of()).contains(itsDependency)) {
            throw new AssertionError(known + " was expected to use " + itsDependency + "; read: " + uses);
        }
        List<Set<String>> cycles = cycles(uses);
        if (!cycles.isEmpty()) {
            throw new AssertionError("packages in a cycle: " + cycles);
        }
    }

    /** The groups of packages that use each other in a circle (Tarjan's strongly connected components). */
    public static List<Set<String>> cycles(Map<String, Set<String>> uses) {
        var finder = new Object() {
            final Map<String, Integer> index = new HashMap<>();
            final Map<String, Integer> low = new HashMap<>();
            final Deque<String> stack = new ArrayDeque<>();
            final List<Set<String>> found = new ArrayList<>();

            void visit(String v) {
                index.put(v, index.size());
                low.put(v, index.get(v));
                stack.push(v);
                for (String w : uses.getOrDefault(v, Set.of())) {
                    if (!index.containsKey(w)) {
                        visit(w);
                        low.put(v, Math.min(low.get(v), low.get(w)));
                    } else if (stack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> group = new TreeSet<>();
                    String w;
                    do {
                        w = stack.pop();
                        group.add(w);
                    } while (!w.equals(v));
                    if (group.size() > 1) {
                        found.add(group);
                    }
                }
            }
        };
        for (String v : uses.keySet()) {
            if (!finder.index.containsKey(v)) {
                finder.visit(v);
            }
        }
        return finder.found;
    }

    private static String packageOf(String classFileOrName) {
        int slash = classFileOrName.lastIndexOf('/');
        return slash < 0 ? "" : classFileOrName.substring(0, slash);
    }

    /** The internal names of the classes a class file's constant pool names (JVMS §4.4). */
    private static Set<String> namedClasses(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        in.readInt(); // magic
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classIndexes = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classIndexes.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> names = new TreeSet<>();
        for (int i : classIndexes) {
            String n = utf8[i];
            names.add(n.startsWith("[") ? n.replaceAll("^\\[+L?|;$", "") : n);
        }
        for (String s : utf8) {
            // descriptors and signatures: the types of fields, parameters, results, generics and annotations
            if (s != null && s.indexOf('L') >= 0 && (s.indexOf(';') >= 0)) {
                Matcher m = TYPE.matcher(s);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
