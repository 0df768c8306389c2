import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Run by the launcher's build on JDK 25 (source launch): rewrites a jar's classes of a class-file version
 * older than Java 6 (50) as version 52 with stack maps, in place. The JDK's AOT cache leaves such classes out
 * (it cannot link them ahead of time), so picocli, compiled for Java 5, was parsed and verified with the old
 * verifier at every start. The code of each method is unchanged. Leaves the jar as it was, and says why, if
 * any class cannot be rewritten.
 *
 * <p>usage: java ClassVersionUp.java JAR [CLASSPATH_JAR...]
 */
public final class ClassVersionUp {
    private static final int JAVA_8 = 52;

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        URL[] urls = new URL[args.length];
        for (int i = 0; i < args.length; i++) {
            urls[i] = Path.of(args[i]).toUri().toURL();
        }
        Path out = jar.resolveSibling(jar.getFileName() + ".tmp");
        int rewritten = 0;
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
             ZipFile in = new ZipFile(jar.toFile());
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            for (var entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry e = entries.nextElement();
                byte[] bytes;
                try (InputStream s = in.getInputStream(e)) {
                    bytes = s.readAllBytes();
                }
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    ClassModel model = cf.parse(bytes);
                    if (model.majorVersion() < 50) {
                        // every method body passes through the builder, so that its stack maps are computed
                        bytes = cf.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                .andThen(ClassTransform.endHandler(b -> b.withVersion(JAVA_8, 0))));
                        rewritten++;
                    }
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                zip.putNextEntry(copy);
                zip.write(bytes);
                zip.closeEntry();
            }
        } catch (RuntimeException e) {
            Files.deleteIfExists(out);
            System.err.println("fanout: " + jar.getFileName() + " left as it is (" + e.getMessage() + ")");
            return;
        }
        Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
        System.err.println("fanout: " + rewritten + " classes of " + jar.getFileName() + " rewritten as class-file version " + JAVA_8);
    }
}
