namespace AutoDiffGen.Kernels;

/// <summary>
/// LU factorisation with partial pivoting (row-major, in double precision whatever the tensor's dtype), and the
/// inverse and solves built on it.
/// </summary>
internal static class Lu
{
    /// <summary>
    /// Factors the n×n matrix <paramref name="a"/> in place into L (unit lower, below the diagonal) and U, with
    /// <paramref name="pivots"/>[k] the row swapped into row k. A zero or non-finite pivot means the matrix is
    /// singular (to working precision): a <see cref="SingularMatrixException"/> naming the pivot.
    /// </summary>
    public static void Factor(Span<double> a, int n, Span<int> pivots, string op)
    {
        for (var k = 0; k < n; k++)
        {
            // Largest |value| in column k at or below the diagonal.
            var p = k;
            var best = Math.Abs(a[(k * n) + k]);
            for (var i = k + 1; i < n; i++)
            {
                var v = Math.Abs(a[(i * n) + k]);
                if (v > best)
                {
                    best = v;
                    p = i;
                }
            }

            pivots[k] = p;
            if (best == 0 || !double.IsFinite(best))
            {
                throw new SingularMatrixException(
                    $"{op}: the matrix is singular (U[{k},{k}] is {(best == 0 ? "zero" : "not finite")} after LU factorisation with partial pivoting); " +
                    "it has no inverse. Check for linearly dependent rows or columns, or for NaN/inf entries.");
            }

            if (p != k)
            {
                SwapRows(a, n, k, p);
            }

            var pivot = a[(k * n) + k];
            for (var i = k + 1; i < n; i++)
            {
                var factor = a[(i * n) + k] / pivot;
                a[(i * n) + k] = factor;
                if (factor == 0)
                {
                    continue;
                }

                var rowI = a.Slice((i * n) + k + 1, n - k - 1);
                var rowK = a.Slice((k * n) + k + 1, n - k - 1);
                for (var j = 0; j < rowI.Length; j++)
                {
                    rowI[j] -= factor * rowK[j];
                }
            }
        }
    }

    /// <summary>Solves A·X = B for X (B is n×m row-major, overwritten with X) given A's factors from <see cref="Factor"/>.</summary>
    public static void SolveFactored(ReadOnlySpan<double> lu, int n, ReadOnlySpan<int> pivots, Span<double> b, int m)
    {
        // Apply the row swaps to B in the order they were made.
        for (var k = 0; k < n; k++)
        {
            if (pivots[k] != k)
            {
                SwapRows(b, m, k, pivots[k]);
            }
        }

        // Forward substitution with unit-lower L.
        for (var i = 0; i < n; i++)
        {
            var bi = b.Slice(i * m, m);
            for (var k = 0; k < i; k++)
            {
                var l = lu[(i * n) + k];
                if (l == 0)
                {
                    continue;
                }

                var bk = b.Slice(k * m, m);
                for (var j = 0; j < m; j++)
                {
                    bi[j] -= l * bk[j];
                }
            }
        }

        // Back substitution with U.
        for (var i = n - 1; i >= 0; i--)
        {
            var bi = b.Slice(i * m, m);
            for (var k = i + 1; k < n; k++)
            {
                var u = lu[(i * n) + k];
                if (u == 0)
                {
                    continue;
                }

                var bk = b.Slice(k * m, m);
                for (var j = 0; j < m; j++)
                {
                    bi[j] -= u * bk[j];
                }
            }

            var d = lu[(i * n) + i];
            for (var j = 0; j < m; j++)
            {
                bi[j] /= d;
            }
        }
    }

    /// <summary>Solves A·X = B (A n×n, B n×m, both row-major); X is written to <paramref name="x"/>.</summary>
    public static void Solve(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> x, int n, int m, string op)
    {
        var lu = a.ToArray();
        var pivots = new int[n];
        Factor(lu, n, pivots, op);
        b.CopyTo(x);
        SolveFactored(lu, n, pivots, x, m);
    }

    /// <summary>The inverse of the n×n matrix <paramref name="a"/> (row-major), computed in double.</summary>
    public static void Inverse(ReadOnlySpan<double> a, Span<double> result, int n, string op)
    {
        if (n == 0)
        {
            return;
        }

        var lu = a.ToArray();
        var pivots = new int[n];
        Factor(lu, n, pivots, op);
        result.Clear();
        for (var i = 0; i < n; i++)
        {
            result[(i * n) + i] = 1;
        }

        SolveFactored(lu, n, pivots, result, n);
    }

    /// <summary>The inverse of a float32 matrix: factored and solved in double, rounded once at the end.</summary>
    public static void Inverse(ReadOnlySpan<float> a, Span<float> result, int n, string op)
    {
        if (n == 0)
        {
            return;
        }

        var wide = new double[n * n];
        for (var i = 0; i < wide.Length; i++)
        {
            wide[i] = a[i];
        }

        var inverse = new double[n * n];
        Inverse(wide, inverse, n, op);
        for (var i = 0; i < inverse.Length; i++)
        {
            result[i] = (float)inverse[i];
        }
    }

    private static void SwapRows(Span<double> m, int width, int r1, int r2)
    {
        var a = m.Slice(r1 * width, width);
        var b = m.Slice(r2 * width, width);
        for (var j = 0; j < width; j++)
        {
            (a[j], b[j]) = (b[j], a[j]);
        }
    }
}
