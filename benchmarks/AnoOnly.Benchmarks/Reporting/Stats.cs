using System;
using System.Collections.Generic;
using System.Linq;

namespace AnoOnly.Benchmarks.Reporting
{
    /// <summary>Small statistics for the tables.</summary>
    internal static class Stats
    {
        public static double Mean(IEnumerable<double> values)
        {
            var list = values.Where(v => !double.IsNaN(v)).ToList();
            return list.Count == 0 ? double.NaN : list.Average();
        }

        /// <summary>Population standard deviation (numpy's default, as in the reference files).</summary>
        public static double Std(IEnumerable<double> values)
        {
            var list = values.Where(v => !double.IsNaN(v)).ToList();
            if (list.Count == 0)
                return double.NaN;
            double mean = list.Average();
            return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / list.Count);
        }

        public static double Median(IEnumerable<double> values)
        {
            var list = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToList();
            if (list.Count == 0)
                return double.NaN;
            int mid = list.Count / 2;
            return list.Count % 2 == 1 ? list[mid] : (list[mid - 1] + list[mid]) / 2;
        }

        /// <summary>
        /// The exponent b of a power law y ~ x^b fitted by least squares on log-log points, with a name for it:
        /// how a time or a memory figure grows with the number of rows.
        /// </summary>
        public static (double Exponent, string Name) Growth(IReadOnlyList<(double X, double Y)> points)
        {
            var valid = points.Where(p => p.X > 0 && p.Y > 0).ToList();
            if (valid.Count < 2)
                return (double.NaN, "n/a (one size)");
            double mx = valid.Average(p => Math.Log(p.X)), my = valid.Average(p => Math.Log(p.Y));
            double sxy = valid.Sum(p => (Math.Log(p.X) - mx) * (Math.Log(p.Y) - my));
            double sxx = valid.Sum(p => (Math.Log(p.X) - mx) * (Math.Log(p.X) - mx));
            double b = sxy / sxx;
            string name = b switch
            {
                < 0.15 => "about constant",
                < 0.75 => "sub-linear",
                < 1.25 => "about linear",
                _ => "super-linear",
            };
            return (b, name);
        }
    }
}
