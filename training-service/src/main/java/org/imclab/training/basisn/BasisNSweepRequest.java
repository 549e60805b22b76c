package org.imclab.training.basisn;

import java.util.ArrayList;
import java.util.List;
import org.imclab.common.jobs.JobRequest;

/**
 * A grid over R, N and coefficient bits: every combination runs as its own {@code basisn} job, i.e. its own
 * tracking run, in this request's experiment. Axes left out take the template's value (or its default).
 *
 * @param template   the BasisN request every point starts from
 * @param rows       R values
 * @param basisSizes N values
 * @param coeffBits  coefficient-bit values
 */
public record BasisNSweepRequest(BasisNRequest template, List<Integer> rows, List<Integer> basisSizes,
        List<Integer> coeffBits, String experiment, String callbackUrl, String runName) implements JobRequest {

    public static final int MAX_POINTS = 64;

    /** One grid point. */
    public record Point(Integer rows, Integer basisSize, Integer coeffBits) {

        public String label() {
            return "R=" + (rows == null ? "default" : rows) + " N=" + (basisSize == null ? "default" : basisSize)
                    + " bits=" + (coeffBits == null ? "default" : coeffBits);
        }
    }

    /** The grid in order rows, then N, then bits. */
    public List<Point> points() {
        List<Integer> rs = axis(rows, template == null ? null : template.rows());
        List<Integer> ns = axis(basisSizes, template == null ? null : template.basisSize());
        List<Integer> bs = axis(coeffBits, template == null ? null : template.coeffBits());
        List<Point> out = new ArrayList<>();
        for (Integer r : rs) {
            for (Integer n : ns) {
                for (Integer b : bs) {
                    out.add(new Point(r, n, b));
                }
            }
        }
        return out;
    }

    /** The request of point {@code p}, in this sweep's experiment. */
    public BasisNRequest request(Point p) {
        String name = (runName == null ? "" : runName + " ") + p.label();
        return template.at(p.rows(), p.basisSize(), p.coeffBits(), experiment, name);
    }

    private static List<Integer> axis(List<Integer> values, Integer fallback) {
        if (values == null || values.isEmpty()) {
            List<Integer> one = new ArrayList<>();
            one.add(fallback);
            return one;
        }
        return values;
    }
}
