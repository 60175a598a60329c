// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double[] a = [x, y, 0.5];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < a.Length; j++)
            {
                if (i == j) continue;
                a[j] *= 1 + a[i] * 0.1;
            }

            a[(i + 1) % 3] -= y * 0.25;
        }

        return a[0] + a[1] * a[2];
    }
}
