package org.ecofoyer.storage.backup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The order to fill tables in so that every foreign key finds its row: a referenced table before its referencers. */
final class RestoreOrder {
    private RestoreOrder() {
    }

    /** A foreign key from {@code referencing} to {@code referenced}. */
    record Edge(String referencing, String referenced) {
    }

    /**
     * {@code tables} sorted so that each comes after every table it references (among {@code tables}; a table's
     * reference to itself is checked at the end of its one COPY statement, so it needs no order); ties by name, so the
     * order is the same on every run. A cycle cannot be filled table after table: refused, naming its tables.
     */
    static List<String> sort(Set<String> tables, List<Edge> edges) {
        Map<String, Set<String>> needs = new java.util.HashMap<>();
        for (String t : tables) {
            needs.put(t, new TreeSet<>());
        }
        for (Edge e : edges) {
            if (!e.referencing().equals(e.referenced()) && tables.contains(e.referencing()) && tables.contains(e.referenced())) {
                needs.get(e.referencing()).add(e.referenced());
            }
        }
        List<String> order = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        TreeSet<String> left = new TreeSet<>(tables);
        while (!left.isEmpty()) {
            String next = left.stream().filter(t -> placed.containsAll(needs.get(t))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the foreign keys between " + left
                            + " form a cycle: they cannot be filled one table after another"));
            order.add(next);
            placed.add(next);
            left.remove(next);
        }
        return order;
    }
}
