using System.Text;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.OpenCL;

/// <summary>
/// The OpenCL C 1.2 source of the built-in kernels, generated per element type: one program per dtype holds every
/// elementwise, reduction, softmax and matmul kernel for it, so a device compiles at most six programs for the
/// whole op set. Elementwise kernels take a (coalesced) shape and one stride set per operand, so broadcasting,
/// transposes and slices need no copies; a rank-1 walk skips the index arithmetic.
/// </summary>
internal static class OpenCLSources
{
    /// <summary>Elementwise kernels walk at most this many (coalesced) dims.</summary>
    public const int MaxRank = 8;

    public static string CType(DType dtype) => dtype switch
    {
        DType.Float32 => "float",
        DType.Float64 => "double",
        DType.Int64 => "long",
        DType.Int32 => "int",
        _ => "uchar",
    };

    public static string BinaryName(BinaryOp op) => op switch
    {
        BinaryOp.Add => "add",
        BinaryOp.Subtract => "sub",
        BinaryOp.Multiply => "mul",
        BinaryOp.Divide => "div",
        BinaryOp.Maximum => "max",
        BinaryOp.Minimum => "min",
        _ => "pow",
    };

    public static string CompareName(CompareOp op) => op switch
    {
        CompareOp.Equal => "eq",
        CompareOp.NotEqual => "ne",
        CompareOp.Greater => "gt",
        CompareOp.GreaterOrEqual => "ge",
        CompareOp.Less => "lt",
        _ => "le",
    };

    /// <summary>The program of every kernel for one dtype (bool: copies, fills and where only).</summary>
    public static string Ops(DType dtype, int tile)
    {
        var t = CType(dtype);
        var isFloat = dtype.IsFloatingPoint();
        var sb = new StringBuilder();
        Header(sb, dtype == DType.Float64);
        sb.Append("#define T ").Append(t).Append('\n');
        var fillType = dtype == DType.Bool ? "int" : "T";
        Map(sb, "fill", ["o"], $"{fillType} v", "o[oo] = (T)v;");
        Map(sb, "where_", ["o", "c:uchar", "x", "y"], null, "o[oo] = c[co] ? x[xo] : y[yo];");
        if (dtype == DType.Bool)
        {
            return sb.ToString();
        }

        if (!isFloat)
        {
            sb.Append("""
                T ipow(T b, T e) {
                  if (e < 0) { return b == 1 ? 1 : (b == -1 ? ((e & 1) ? b : 1) : 0); }
                  T r = 1;
                  while (e > 0) { if (e & 1) { r *= b; } b *= b; e >>= 1; }
                  return r;
                }

                """);
        }

        foreach (var op in Enum.GetValues<BinaryOp>())
        {
            var expr = BinaryExpr(op, isFloat);
            Map(sb, "bin_" + BinaryName(op), ["o", "x", "y"], null, $"T a = x[xo]; T b = y[yo]; o[oo] = {expr};");
            Map(sb, "sca_" + BinaryName(op), ["o", "x"], "T s, int sf", $"T a = sf ? s : x[xo]; T b = sf ? x[xo] : s; o[oo] = {expr};");
        }

        foreach (var op in Enum.GetValues<UnaryOp>())
        {
            if (isFloat || !op.NeedsFloat())
            {
                Map(sb, "una_" + op.ToString().ToLowerInvariant(), ["o", "x"], null, $"T a = x[xo]; o[oo] = {UnaryExpr(op, isFloat)};");
            }
        }

        foreach (var op in Enum.GetValues<CompareOp>())
        {
            var symbol = op switch
            {
                CompareOp.Equal => "==",
                CompareOp.NotEqual => "!=",
                CompareOp.Greater => ">",
                CompareOp.GreaterOrEqual => ">=",
                CompareOp.Less => "<",
                _ => "<=",
            };
            Map(sb, "cmp_" + CompareName(op), ["o:uchar", "x", "y"], null, $"o[oo] = (x[xo] {symbol} y[yo]) ? 1 : 0;");
        }

        Reductions(sb, dtype);
        if (isFloat)
        {
            Softmax(sb);
        }

        MatMul(sb, tile);
        if (tile >= 16)
        {
            BlockedMatMul(sb);
        }

        return sb.ToString();
    }

    /// <summary>Strided conversions between every pair of dtypes the device supports (same-type pairs are copies).</summary>
    public static string Convert(bool fp64)
    {
        var sb = new StringBuilder();
        Header(sb, fp64);
        DType[] types = fp64
            ? [DType.Float32, DType.Float64, DType.Int64, DType.Int32, DType.Bool]
            : [DType.Float32, DType.Int64, DType.Int32, DType.Bool];
        foreach (var from in types)
        {
            foreach (var to in types)
            {
                var expr = to == DType.Bool ? "(x[xo] != 0) ? 1 : 0" : $"({CType(to)})x[xo]";
                Map(sb, $"cvt_{CType(from)}_{CType(to)}", [$"o:{CType(to)}", $"x:{CType(from)}"], null, $"o[oo] = {expr};");
            }
        }

        return sb.ToString();
    }

    private static void Header(StringBuilder sb, bool fp64)
    {
        if (fp64)
        {
            sb.Append("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
        }

        sb.Append("typedef struct { int v[8]; } dims_t;\n");
    }

    /// <summary>
    /// An elementwise kernel: <c>(tensor, offset)</c> per operand, extra scalars, then <c>n, rank, shape</c> and a
    /// stride set per operand. Operands are <c>name</c> (type T) or <c>name:type</c>.
    /// </summary>
    private static void Map(StringBuilder sb, string name, string[] operands, string? scalars, string body)
    {
        var names = new string[operands.Length];
        var start = sb.Length;
        sb.Append("__kernel void ").Append(name).Append('(');
        for (var i = 0; i < operands.Length; i++)
        {
            var parts = operands[i].Split(':');
            names[i] = parts[0];
            var type = parts.Length > 1 ? parts[1] : "T";
            var constness = i == 0 ? "" : "const ";
            sb.Append($"__global {constness}{type}* {names[i]}, int {names[i]}o, ");
        }

        if (scalars is not null)
        {
            sb.Append(scalars).Append(", ");
        }

        sb.Append("int n, int rank, dims_t shape");
        foreach (var n in names)
        {
            sb.Append(", dims_t s").Append(n);
        }

        var signatureEnd = sb.Length;
        sb.Append(") {\n  int i = get_global_id(0);\n  if (i >= n) { return; }\n  if (rank == 1) {");
        foreach (var n in names)
        {
            sb.Append($" {n}o += i * s{n}.v[0];");
        }

        sb.Append(" } else {\n    int r = i;\n    for (int d = rank - 1; d >= 0; d--) {\n");
        sb.Append("      int sz = shape.v[d]; int q = r / sz; int c_ = r - q * sz; r = q;");
        foreach (var n in names)
        {
            sb.Append($" {n}o += c_ * s{n}.v[d];");
        }

        sb.Append("\n    }\n  }\n  ").Append(body).Append("\n}\n");

        // The same kernel for operands that are all dense (rank <= 1, unit strides): without the index walk, PoCL
        // vectorizes across work-items (tanh runs ~7x faster), and GPUs skip the integer divisions.
        var header = sb.ToString(start, signatureEnd - start).Replace("__kernel void " + name + "(", "__kernel void " + name + "_c(", StringComparison.Ordinal);
        sb.Append(header).Append(") {\n  int i = get_global_id(0);\n  if (i >= n) { return; }\n ");
        foreach (var n in names)
        {
            sb.Append($" {n}o += i;");
        }

        sb.Append("\n  ").Append(body).Append("\n}\n");
    }

    private static string BinaryExpr(BinaryOp op, bool isFloat) => op switch
    {
        BinaryOp.Add => "a + b",
        BinaryOp.Subtract => "a - b",
        BinaryOp.Multiply => "a * b",
        BinaryOp.Divide => "a / b",
        BinaryOp.Maximum => isFloat ? "(isnan(a) || isnan(b)) ? a + b : fmax(a, b)" : "max(a, b)",
        BinaryOp.Minimum => isFloat ? "(isnan(a) || isnan(b)) ? a + b : fmin(a, b)" : "min(a, b)",
        _ => isFloat ? "pow(a, b)" : "ipow(a, b)",
    };

    private static string UnaryExpr(UnaryOp op, bool isFloat) => op switch
    {
        UnaryOp.Negate => "-a",
        UnaryOp.Abs => isFloat ? "fabs(a)" : "(a < 0 ? -a : a)",
        UnaryOp.Exp => "exp(a)",
        UnaryOp.Log => "log(a)",
        UnaryOp.Sqrt => "sqrt(a)",
        UnaryOp.Sin => "sin(a)",
        UnaryOp.Cos => "cos(a)",
        UnaryOp.Tanh => "tanh(a)",
        UnaryOp.Sigmoid => "(T)1 / ((T)1 + exp(-a))",
        UnaryOp.Relu => isFloat ? "isnan(a) ? a : fmax(a, (T)0)" : "max(a, (T)0)",
        UnaryOp.Floor => isFloat ? "floor(a)" : "a",
        UnaryOp.Ceil => isFloat ? "ceil(a)" : "a",
        UnaryOp.Round => isFloat ? "rint(a)" : "a",
        UnaryOp.Sign => isFloat ? "isnan(a) ? a : (T)((a > (T)0) - (a < (T)0))" : "(T)((a > 0) - (a < 0))",
        UnaryOp.Reciprocal => "(T)1 / a",
        _ => "a * a",
    };

    private static void Reductions(StringBuilder sb, DType dtype)
    {
        var isFloat = dtype.IsFloatingPoint();
        var (lowest, highest) = dtype switch
        {
            DType.Float32 or DType.Float64 => ("-INFINITY", "INFINITY"),
            DType.Int64 => ("LONG_MIN", "LONG_MAX"),
            _ => ("INT_MIN", "INT_MAX"),
        };
        var maxExpr = isFloat ? "(isnan(a) || isnan(b)) ? a + b : fmax(a, b)" : "max(a, b)";
        var minExpr = isFloat ? "(isnan(a) || isnan(b)) ? a + b : fmin(a, b)" : "min(a, b)";
        foreach (var (name, init, combine) in new[] { ("sum", "0", "a + b"), ("max", lowest, maxExpr), ("min", highest, minExpr) })
        {
            // Whole-tensor reduction: each work-group reduces a strided share of x into o[group]; a second launch
            // with one group reduces the partials. The local tree needs a power-of-two group size.
            sb.Append($$"""
                __kernel void reduce_{{name}}(__global T* o, int oo, __global const T* x, int xo, int n) {
                  __local T scratch[256];
                  int lid = get_local_id(0);
                  T acc = {{init}};
                  for (int i = get_global_id(0); i < n; i += get_global_size(0)) { T a = acc; T b = x[xo + i]; acc = {{combine}}; }
                  scratch[lid] = acc;
                  barrier(CLK_LOCAL_MEM_FENCE);
                  for (int s = get_local_size(0) / 2; s > 0; s >>= 1) {
                    if (lid < s) { T a = scratch[lid]; T b = scratch[lid + s]; scratch[lid] = {{combine}}; }
                    barrier(CLK_LOCAL_MEM_FENCE);
                  }
                  if (lid == 0) { o[oo + get_group_id(0)] = scratch[0]; }
                }

                """);
        }

        var nanCheck = isFloat ? "if (isnan(v)) { best = v; bi = k; break; }" : "";
        sb.Append($$"""
            __kernel void sum_axis(__global T* o, int oo, __global const T* x, int xo, int outer, int len, int inner) {
              int i = get_global_id(0);
              if (i >= outer * inner) { return; }
              int p = i / inner; int q = i - p * inner;
              __global const T* row = x + xo + p * len * inner + q;
              T acc = 0;
              for (int k = 0; k < len; k++) { acc += row[k * inner]; }
              o[oo + i] = acc;
            }
            __kernel void ext_axis(__global T* o, int oo, __global long* ix, int ixo, __global const T* x, int xo, int outer, int len, int inner, int wantMax) {
              int i = get_global_id(0);
              if (i >= outer * inner) { return; }
              int p = i / inner; int q = i - p * inner;
              __global const T* row = x + xo + p * len * inner + q;
              T best = row[0]; long bi = 0;
              for (int k = 0; k < len; k++) {
                T v = row[k * inner];
                {{nanCheck}}
                if (wantMax ? v > best : v < best) { best = v; bi = k; }
              }
              o[oo + i] = best; ix[ixo + i] = bi;
            }

            """);
    }

    private static void Softmax(StringBuilder sb) => sb.Append("""
        __kernel void softmax_axis(__global T* o, int oo, __global const T* x, int xo, int outer, int len, int inner, int logOut) {
          int i = get_global_id(0);
          if (i >= outer * inner) { return; }
          int p = i / inner; int q = i - p * inner;
          int base_ = p * len * inner + q;
          T m = -INFINITY;
          for (int k = 0; k < len; k++) { m = fmax(m, x[xo + base_ + k * inner]); }
          T s = 0;
          for (int k = 0; k < len; k++) { s += exp(x[xo + base_ + k * inner] - m); }
          T ls = log(s);
          for (int k = 0; k < len; k++) {
            T v = x[xo + base_ + k * inner] - m;
            o[oo + base_ + k * inner] = logOut ? v - ls : exp(v) / s;
          }
        }

        """);

    /// <summary>
    /// A tiled matrix product: each work-group computes a TS×TS block of C from TS×TS tiles of A and B staged in
    /// local memory. Operands are read through their strides (a transpose costs nothing), and dim 2 of the range
    /// walks the broadcast batch. With <c>update</c> set, C ← C + alpha·(A·B) instead (a training step's fused SGD update).
    /// </summary>
    private static void MatMul(StringBuilder sb, int tile) => sb.Append("#define TS ").Append(tile).Append('\n').Append("""
        __kernel void matmul(__global T* c, int co, __global const T* a, int ao, __global const T* b, int bo,
                             int m, int n, int k, int ars, int acs, int brs, int bcs, int brank, dims_t bshape, dims_t bsa, dims_t bsb,
                             T alpha, int update) {
          int col = get_global_id(0); int row = get_global_id(1); int bi = get_global_id(2);
          int lc = get_local_id(0); int lr = get_local_id(1);
          int r = bi;
          for (int d = brank - 1; d >= 0; d--) {
            int sz = bshape.v[d]; int q = r / sz; int c_ = r - q * sz; r = q;
            ao += c_ * bsa.v[d]; bo += c_ * bsb.v[d];
          }
          __local T As[TS][TS];
          __local T Bs[TS][TS];
          T acc = 0;
          for (int t0 = 0; t0 < k; t0 += TS) {
            int ak = t0 + lc;
            As[lr][lc] = (row < m && ak < k) ? a[ao + row * ars + ak * acs] : (T)0;
            int bk = t0 + lr;
            Bs[lr][lc] = (bk < k && col < n) ? b[bo + bk * brs + col * bcs] : (T)0;
            barrier(CLK_LOCAL_MEM_FENCE);
            for (int p = 0; p < TS; p++) { acc += As[lr][p] * Bs[p][lc]; }
            barrier(CLK_LOCAL_MEM_FENCE);
          }
          if (row < m && col < n) { int ci = co + bi * m * n + row * n + col; c[ci] = update ? c[ci] + alpha * acc : acc; }
        }

        """);
    /// <summary>Edge of the C block one work-group of <see cref="BlockedMatMul"/> computes.</summary>
    public const int BlockTile = 64;

    /// <summary>Work-items per edge of that group: each computes a (64/16)×(64/16) = 4×4 patch of C in registers.</summary>
    public const int BlockThreads = 16;

    /// <summary>
    /// The register-blocked matrix product for large operands: a 16×16 group computes a 64×64 block of C, each
    /// work-item a 4×4 patch held in registers, over 16-deep slices of A and B staged in local memory. Each value
    /// loaded from local memory feeds four multiply-adds instead of one (the plain tiled kernel is bound by local
    /// memory on GPUs: 6.3 TFLOP/s at 4096³ on an H100). A work-item's rows and columns are strided by 16 so that
    /// neighbouring work-items read neighbouring local addresses. Operands are read through their strides like
    /// <c>matmul</c>; the tile loads walk k fastest for A and columns fastest for B, coalesced for row-major data.
    /// </summary>
    private static void BlockedMatMul(StringBuilder sb) => sb.Append("""
        #define BT 64
        #define BK 16
        #define RT 16
        #define WPT 4
        __kernel __attribute__((reqd_work_group_size(RT, RT, 1)))
        void matmul_blocked(__global T* c, int co, __global const T* a, int ao, __global const T* b, int bo,
                            int m, int n, int k, int ars, int acs, int brs, int bcs, int brank, dims_t bshape, dims_t bsa, dims_t bsb,
                            T alpha, int update) {
          const int tn = get_local_id(0); const int tm = get_local_id(1);
          const int col0 = get_group_id(0) * BT; const int row0 = get_group_id(1) * BT; const int bi = get_global_id(2);
          int r = bi;
          for (int d = brank - 1; d >= 0; d--) {
            int sz = bshape.v[d]; int q = r / sz; int c_ = r - q * sz; r = q;
            ao += c_ * bsa.v[d]; bo += c_ * bsb.v[d];
          }
          __local T As[BK][BT + 1];
          __local T Bs[BK][BT + 1];
          T acc[WPT][WPT];
          for (int i = 0; i < WPT; i++) { for (int j = 0; j < WPT; j++) { acc[i][j] = 0; } }
          const int tid = tm * RT + tn;
          for (int t0 = 0; t0 < k; t0 += BK) {
            for (int l = tid; l < BT * BK; l += RT * RT) {
              int ra = l / BK; int ka = l - ra * BK;
              int gr = row0 + ra; int gk = t0 + ka;
              As[ka][ra] = (gr < m && gk < k) ? a[ao + gr * ars + gk * acs] : (T)0;
              int kb = l / BT; int cb = l - kb * BT;
              int gk2 = t0 + kb; int gc = col0 + cb;
              Bs[kb][cb] = (gk2 < k && gc < n) ? b[bo + gk2 * brs + gc * bcs] : (T)0;
            }
            barrier(CLK_LOCAL_MEM_FENCE);
            for (int p = 0; p < BK; p++) {
              T av[WPT]; T bv[WPT];
              for (int i = 0; i < WPT; i++) { av[i] = As[p][tm + i * RT]; bv[i] = Bs[p][tn + i * RT]; }
              for (int i = 0; i < WPT; i++) { for (int j = 0; j < WPT; j++) { acc[i][j] += av[i] * bv[j]; } }
            }
            barrier(CLK_LOCAL_MEM_FENCE);
          }
          for (int i = 0; i < WPT; i++) {
            int row = row0 + tm + i * RT;
            if (row < m) {
              for (int j = 0; j < WPT; j++) {
                int col = col0 + tn + j * RT;
                if (col < n) { int ci = co + bi * m * n + row * n + col; c[ci] = update ? c[ci] + alpha * acc[i][j] : acc[i][j]; }
              }
            }
          }
        }

        """);
}
