using System.Globalization;
using AutoDiffGen;

namespace Tour;

/// <summary>The autograd tutorial: gradients computed by code the generator wrote at compile time, no tape.</summary>
internal static class Autograd
{
    public static void Run()
    {
        Console.WriteLine("== Autograd: generated gradients ==");

        var (r, grad) = Functions.RWithGradient(Tensor.Ones(2, 2));
        Console.WriteLine($"r = mean(2(x+1)²) at x = ones(2, 2): r = {r}, dr/dx =");
        Console.WriteLine(grad);
        Console.WriteLine();

        var (l, (dw, dx)) = Functions.LWithGradient(4.0, 3.0);
        Console.WriteLine($"l = (3w)² + (2x)² at w = 4, x = 3: l = {F(l)}, dl/dw = {F(dw)}, dl/dx = {F(dx)}");

        var (y, dy) = Functions.CubicWithGradient(2.0);
        Console.WriteLine($"y = 0.1x³ − 0.8x² − 1.5x + 5.4 at x = 2: y = {F(y)}, dy/dx = {F(dy)}");

        var (z, dz) = Functions.LogOfCubeWithGradient(5.0);
        var (_, dzdy) = Functions.LogWithGradient(Functions.Cube(5.0));
        Console.WriteLine($"z = log(x³) at x = 5: z = {F(z)}, dz/dx = {F(dz)}, dz/dy = {F(dzdy)}");
        Console.WriteLine();

        Console.WriteLine("Gradient descent on the cubic from x = 12, step 0.1:");
        var xs = 12.0;
        var path = new List<string> { F(xs) };
        for (var step = 0; step < 200; step++)
        {
            var (_, slope) = Functions.CubicWithGradient(xs);
            xs -= 0.1 * slope;
            if (step < 5)
            {
                path.Add(F(xs));
            }
        }

        Console.WriteLine($"  x: {string.Join(" → ", path)} → … → {F(xs)}, f(x) = {F(Functions.Cubic(xs))}");
        Console.WriteLine();

        Console.WriteLine("Linear regression y ≈ 2x, SGD with lr 1e-3 for 1001 epochs:");
        Tensor.ManualSeed(0);
        var data = Tensor.Arange(5).To(DType.Float32).Unsqueeze(1);
        var labels = (2 * data) + Tensor.Rand(5, 1);
        var weight = Tensor.Randn(1, 1);
        var bias = Tensor.Randn(1);
        var optimizer = new Sgd([weight, bias], lr: 1e-3);
        for (var epoch = 0; epoch <= 1000; epoch++)
        {
            var (loss, (gw, gb)) = Functions.LossWithGradient(weight, bias, data, labels);
            optimizer.Step(gw, gb);                                       // updates weight and bias in place
            if (epoch % 100 == 0)
            {
                Console.WriteLine($"  epoch {epoch,4}: loss {loss.Item<float>().ToString("F4", CultureInfo.InvariantCulture)}");
            }
        }

        Console.WriteLine($"  w = {weight}, b = {bias}");
        Console.WriteLine();
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
