package org.ecofoyer.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Tools are not product (DESIGN §11.12): no production module may depend on a tool module ({@code tools},
 * {@code tools-*}) except in test scope; only {@code app}, which wires the {@code demo}, {@code tic simulate},
 * {@code loadtest} and {@code bench} commands, may. Read from the poms of the reactor, so that a new module or a new
 * dependency is checked too. Production modules then depend only on production modules, so nothing reaches a tool
 * transitively either.
 */
class ProductionNeverDependsOnToolsTest {
    private static final String GROUP = "org.ecofoyer";
    private static final String APP = "app";

    private record Dependency(String module, String artifactId, String scope) {
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !isReactorRoot(dir)) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the reactor's root pom above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    private static boolean isReactorRoot(Path dir) {
        try {
            return Files.isRegularFile(dir.resolve("pom.xml")) && !children(pom(dir.resolve("pom.xml")), "modules").isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static Element pom(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document d = f.newDocumentBuilder().parse(file.toFile());
        return d.getDocumentElement();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name, String otherwise) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? otherwise : c.get(0).getTextContent().strip();
    }

    private static List<String> modules(Element rootPom) {
        List<String> out = new ArrayList<>();
        for (Element modules : children(rootPom, "modules")) {
            for (Element m : children(modules, "module")) {
                out.add(m.getTextContent().strip());
            }
        }
        return out;
    }

    /** A pom's dependencies, its profiles' included (dependencyManagement only pins versions and is left out). */
    private static List<Dependency> dependencies(String module, Element pom) {
        List<Element> lists = new ArrayList<>(children(pom, "dependencies"));
        for (Element profiles : children(pom, "profiles")) {
            for (Element profile : children(profiles, "profile")) {
                lists.addAll(children(profile, "dependencies"));
            }
        }
        List<Dependency> out = new ArrayList<>();
        for (Element list : lists) {
            for (Element d : children(list, "dependency")) {
                if (GROUP.equals(text(d, "groupId", ""))) {
                    out.add(new Dependency(module, text(d, "artifactId", ""), text(d, "scope", "compile")));
                }
            }
        }
        return out;
    }

    static boolean isTool(String artifactId) {
        return artifactId.equals("tools") || artifactId.startsWith("tools-");
    }

    @Test
    void noProductionModuleDependsOnAToolOutsideTests() throws Exception {
        Path root = root();
        Element rootPom = pom(root.resolve("pom.xml"));
        List<Dependency> all = new ArrayList<>(dependencies("(parent pom)", rootPom));
        List<String> modules = modules(rootPom);
        assertThat(modules).as("the reactor holds the tool modules").contains("tools", "tools-simulators", "tools-fake-utilities");
        for (String m : modules) {
            Element pom = pom(root.resolve(m).resolve("pom.xml"));
            assertThat(text(pom, "artifactId", "")).as("module directory and artifactId agree").isEqualTo(m);
            all.addAll(dependencies(m, pom));
        }
        List<Dependency> forbidden = all.stream()
                .filter(d -> isTool(d.artifactId()) && !isTool(d.module()) && !d.module().equals(APP) && !d.scope().equals("test"))
                .toList();
        assertThat(forbidden).as("production modules may use tools in test scope only (app excepted)").isEmpty();
    }

    @Test
    void theRuleRecognisesToolModules() {
        assertThat(isTool("tools")).isTrue();
        assertThat(isTool("tools-simulators")).isTrue();
        assertThat(isTool("tools-fake-utilities")).isTrue();
        assertThat(isTool("ingest")).isFalse();
        assertThat(isTool("toolshed")).isFalse();
    }
}
