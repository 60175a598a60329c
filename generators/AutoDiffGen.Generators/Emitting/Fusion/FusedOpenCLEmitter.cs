using System.Globalization;
using System.Text;

namespace AutoDiffGen.Generators.Emitting.Fusion;

/// <summary>
/// Renders a fused region's scalar program as OpenCL C: a <c>forward</c> kernel and a <c>backward</c> kernel, one
/// work-item per element, with <c>T</c> defined as float or double when the program is built. Tensor operands come
/// with an offset and a stride (1, or 0 for a one-element operand); the backward kernel writes every differentiable
/// operand's adjoint per element, and the runtime reduces it to the operand's shape.
/// </summary>
internal static class FusedOpenCLEmitter
{
    public static void Emit(CodeWriter w, FusedRegion region, List<(string Name, bool IsTensor)> operands)
    {
        w.Line("/// <summary>The same program in OpenCL C, for tensors on an OpenCL device (built with -DT=float or -DT=double).</summary>");
        w.Line("public const string OpenCLSource = @\"");
        foreach (var line in Source(region, operands).Split('\n'))
        {
            w.Line(line.Replace("\"", "\"\""));
        }

        w.Line("\";");
    }

    public static string Source(FusedRegion region, List<(string Name, bool IsTensor)> operands)
    {
        // Build options specialise each program: T (float or double) and S<k>, operand k's stride (1, or 0 for one
        // element), so loads are plain indexed loads. One element per work-item, straight-line code without barriers:
        // GPUs coalesce it and CPU implementations (PoCL) vectorise it across work-items. Adjoints of one-element
        // operands and Sum/Mean results are written per element and reduced by the runtime's Sum (a vectorisable
        // fold); a loop per work-item with private sums was tried and PoCL did not vectorise it (157 ms vs 110 ms).
        var program = region.Program;
        var s = new StringBuilder();
        s.Append("#ifdef cl_khr_fp64\n#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n#endif\n\n");
        var parameters = string.Join(", ", operands.Select((o, k) => o.IsTensor
            ? $"__global const T* in{k}, const int o{k}, const int s{k}"
            : $"const T in{k}"));
        s.Append("__kernel void forward(").Append(parameters).Append(", __global T* out, const int oout, const int n)\n{\n");
        Element(s, operands);
        foreach (var a in program.Forward)
        {
            s.Append("        const T ").Append(a.Name).Append(" = ").Append(Render(a.Value)).Append(";\n");
        }

        s.Append("        out[oout + i] = ").Append(program.Output).Append(";\n    }\n}\n\n");

        var adjoints = program.OperandAdjoints.Select((a, k) => (Adjoint: a, Index: k)).Where(a => a.Adjoint is not null).ToList();

        // A region ending in Sum()/Mean(): every element's adjoint is the same value, passed as dy.
        var reduced = region.Reduction is not null;
        s.Append("__kernel void backward(").Append(parameters).Append(reduced ? ", const T dy" : ", __global const T* dyv, const int ody, const int sdy");
        foreach (var a in adjoints)
        {
            var k = a.Index.ToString(CultureInfo.InvariantCulture);
            s.Append(", __global T* g").Append(k).Append(", const int og").Append(k);
        }

        s.Append(", const int n)\n{\n");
        Element(s, operands);
        foreach (var a in program.Recomputed)
        {
            s.Append("        const T ").Append(a.Name).Append(" = ").Append(Render(a.Value)).Append(";\n");
        }

        if (!reduced)
        {
            s.Append("        const T dy = dyv[ody + i * sdy];\n");
        }

        foreach (var a in program.Backward)
        {
            s.Append("        const T ").Append(a.Name).Append(" = ").Append(Render(a.Value)).Append(";\n");
        }

        foreach (var a in adjoints)
        {
            var k = a.Index.ToString(CultureInfo.InvariantCulture);
            s.Append("        g").Append(k).Append("[og").Append(k).Append(" + i] = ").Append(a.Adjoint).Append(";\n");
        }

        s.Append("    }\n}");
        return s.ToString();
    }

    // One work-item per element: its index, and the operands' values at it.
    private static void Element(StringBuilder s, List<(string Name, bool IsTensor)> operands)
    {
        s.Append("    const int i = get_global_id(0);\n    if (i < n)\n    {\n");
        for (var k = 0; k < operands.Count; k++)
        {
            var n = k.ToString(CultureInfo.InvariantCulture);
            s.Append("        const T a").Append(n).Append(" = ").Append(operands[k].IsTensor ? $"in{n}[o{n} + i * S{n}]" : "in" + n).Append(";\n");
        }
    }

    private static string Render(Expr e) => e switch
    {
        Var v => v.Name,
        Constant c => "(T)" + c.Text + (c.Text.Contains('.') || c.Text.Contains('E') ? string.Empty : ".0"),
        Binary b => "(" + Render(b.Left) + " " + b.Operator + " " + Render(b.Right) + ")",
        Negate n => "(-" + Render(n.Operand) + ")",
        Function f => f.Name switch
        {
            "Sigmoid" => $"((T)1.0 / ((T)1.0 + exp(-{Render(f.Args[0])})))",
            "Relu" => $"fmax({Render(f.Args[0])}, (T)0.0)",
            "ReluGrad" => $"({Render(f.Args[0])} > (T)0.0 ? {Render(f.Args[1])} : (T)0.0)",
            "Abs" => $"fabs({Render(f.Args[0])})",
            _ => f.Name.ToLowerInvariant() + "(" + string.Join(", ", f.Args.Select(Render)) + ")",
        },
        _ => throw new InvalidOperationException("unknown expression " + e),
    };
}
