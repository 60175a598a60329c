using System.Globalization;
using AutoDiffGen;

namespace Tour;

/// <summary>The autograd tutorial: gradients computed by code the generator wrote at compile time, no tape.</summary>
internal static class Autograd
{
    public static void Run(TextWriter output)
    {
        output.WriteLine("== Autograd: generated gradients ==");

        var (r, grad) = Functions.RWithGradient(Tensor.Ones(2, 2));
        output.WriteLine($"r = mean(2(x+1)²) at x = ones(2, 2): r = {r}, dr/dx =");
        output.WriteLine(grad);
        output.WriteLine();

        var (l, (dw, dx)) = Functions.LWithGradient(4.0, 3.0);
        output.WriteLine($"l = (3w)² + (2x)² at w = 4, x = 3: l = {F(l)}, dl/dw = {F(dw)}, dl/dx = {F(dx)}");

        var (y, dy) = Functions.CubicWithGradient(2.0);
        output.WriteLine($"y = 0.1x³ − 0.8x² − 1.5x + 5.4 at x = 2: y = {F(y)}, dy/dx = {F(dy)}");

        var (z, dz) = Functions.LogOfCubeWithGradient(5.0);
        var (_, dzdy) = Functions.LogWithGradient(Functions.Cube(5.0));
        output.WriteLine($"z = log(x³) at x = 5: z = {F(z)}, dz/dx = {F(dz)}, dz/dy = {F(dzdy)}");
        output.WriteLine();
    }

    internal static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
