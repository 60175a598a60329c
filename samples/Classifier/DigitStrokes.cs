namespace Classifier;

/// <summary>
/// A pen-stroke font for the digits 0–9: each digit is a few polylines in a unit box (x to the right, y down), drawn
/// the way people write them (a loop for 0, a flag and a stem for 1, two bowls for 3, …), centred like MNIST digits.
/// </summary>
internal static class DigitStrokes
{
    private static readonly (double X, double Y)[][][] _font =
    [
        [Arc(0.5, 0.5, 0.19, 0.31, -90, 270)],
        [Line((0.38, 0.3), (0.52, 0.18), (0.52, 0.82))],
        [[.. Arc(0.5, 0.36, 0.19, 0.17, -170, 30), (0.3, 0.82), (0.72, 0.82)]],
        [Arc(0.48, 0.34, 0.18, 0.16, -160, 90), Arc(0.48, 0.66, 0.2, 0.17, -90, 160)],
        [Line((0.62, 0.82), (0.62, 0.18), (0.27, 0.62), (0.76, 0.62))],
        [[(0.7, 0.18), (0.36, 0.18), (0.33, 0.47), .. Arc(0.5, 0.64, 0.2, 0.18, -120, 150)]],
        [Line((0.66, 0.2), (0.47, 0.29), (0.36, 0.45), (0.31, 0.64)), Arc(0.5, 0.66, 0.19, 0.17, 0, 360)],
        [Line((0.28, 0.18), (0.72, 0.18), (0.42, 0.82))],
        [Arc(0.5, 0.33, 0.16, 0.15, 0, 360), Arc(0.5, 0.66, 0.2, 0.17, 0, 360)],
        [Arc(0.49, 0.35, 0.18, 0.17, 0, 360), Line((0.67, 0.36), (0.65, 0.6), (0.58, 0.82))],
    ];

    /// <summary>The strokes of <paramref name="digit"/> (0–9), as polylines of points in the unit box.</summary>
    public static (double X, double Y)[][] Of(int digit) => _font[digit];

    private static (double X, double Y)[] Line(params (double X, double Y)[] points) => points;

    /// <summary>Points along an elliptical arc; angles in degrees, 0 pointing right and 90 pointing down.</summary>
    private static (double X, double Y)[] Arc(double cx, double cy, double rx, double ry, double fromDegrees, double toDegrees)
    {
        const int Segments = 20;
        var points = new (double X, double Y)[Segments + 1];
        for (var i = 0; i <= Segments; i++)
        {
            var angle = (fromDegrees + ((toDegrees - fromDegrees) * i / Segments)) * Math.PI / 180;
            points[i] = (cx + (rx * Math.Cos(angle)), cy + (ry * Math.Sin(angle)));
        }

        return points;
    }
}
