using ScottPlot;

namespace Samples.Common;

/// <summary>Saves ScottPlot figures as PNG files, atomically (see <see cref="AtomicOutput"/>).</summary>
internal static class Plots
{
    /// <summary>Renders <paramref name="plot"/> at the given size into <paramref name="path"/>; returns the full path.</summary>
    public static string SavePng(Plot plot, string path, int width = 800, int height = 500) =>
        AtomicOutput.Write(path, temporary => plot.SavePng(temporary, width, height));
}
