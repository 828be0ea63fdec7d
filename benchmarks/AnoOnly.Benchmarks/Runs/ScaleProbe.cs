using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using AnoOnly.Benchmarks.Data;
using AnoOnly.Benchmarks.Measurement;
using AnoOnly.Benchmarks.Methods;
using Microsoft.ML;

namespace AnoOnly.Benchmarks.Runs
{
    /// <summary>
    /// One scale measurement, run in a child process of its own: a process's resident memory does not shrink
    /// after a fit, so measuring each size in a fresh process is the only way for one fit's peak not to hide
    /// the next one's. The child warms the method up on a small set (native libraries, JIT), builds the data,
    /// then reports fit time, working set before the fit and peak working set during fit and scoring.
    /// </summary>
    internal static class ScaleProbe
    {
        /// <summary>The hidden first argument that makes the program a probe.</summary>
        public const string Verb = "__scale-probe";
        private const string Marker = "PROBE ";
        private const int Seed = 1;

        public sealed record Request(string Kind, string Method, long Rows, int Width, bool Quick, int? Reservoir, double MeasureSeconds)
        {
            public string[] ToArgs() => new[]
            {
                Verb, Kind, Method, Rows.ToString(CultureInfo.InvariantCulture), Width.ToString(CultureInfo.InvariantCulture),
                Quick ? "quick" : "full", Reservoir?.ToString(CultureInfo.InvariantCulture) ?? "-",
                MeasureSeconds.ToString(CultureInfo.InvariantCulture),
            };

            public static Request Parse(string[] args) => new(args[1], args[2], long.Parse(args[3], CultureInfo.InvariantCulture),
                int.Parse(args[4], CultureInfo.InvariantCulture), args[5] == "quick",
                args[6] == "-" ? null : int.Parse(args[6], CultureInfo.InvariantCulture), double.Parse(args[7], CultureInfo.InvariantCulture));
        }

        /// <summary>Runs <paramref name="request"/> in a child process and reads its result.</summary>
        public static ScaleResult RunInChild(Request request)
        {
            var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            string dll = typeof(ScaleProbe).Assembly.Location;
            string? self = Environment.ProcessPath;
            if (self != null && Path.GetFileNameWithoutExtension(self) == Path.GetFileNameWithoutExtension(dll))
                start.FileName = self; // the apphost `dotnet run` started
            else
            {
                start.FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
                    ?? (self != null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet");
                start.ArgumentList.Add(dll);
            }
            foreach (string arg in request.ToArgs())
                start.ArgumentList.Add(arg);
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the scale probe process.");
            var errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            string? line = output.Split('\n').LastOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
            if (process.ExitCode != 0 || line == null)
                throw new InvalidOperationException($"scale probe exited with {process.ExitCode}: " +
                    (errors.Result + output).Trim().Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim());
            double[] v = line[Marker.Length..].Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            return new ScaleResult(request.Kind, request.Method, request.Rows, request.Width, request.Rows * (double)request.Width * 4 / (1024 * 1024),
                v[0], v[1], v[2], v[3]);
        }

        /// <summary>The child's side: measures and prints one <c>PROBE fit_s baseline_mb peak_mb rows_per_s</c> line.</summary>
        public static int RunInThisProcess(string[] args)
        {
            Request request = Request.Parse(args);
            IBenchmarkMethod method = MethodCatalog.All().Single(m => m.Name == request.Method);
            WarmUp.Run(new[] { method });

            var ml = new MLContext(seed: Seed);
            IDataView train, score = null!;
            bool streamed = request.Kind == "streamed";
            if (streamed)
                train = new StreamedDataView(request.Rows, request.Width, Seed);
            else
            {
                var set = SyntheticSet.Create(checked((int)request.Rows), request.Width, Seed);
                train = set.TrainView(ml);
                score = set.FeatureView(ml);
            }
            PeakMemory.Reset();
            double baseline = PeakMemory.CurrentMb();
            var watch = Stopwatch.StartNew();
            ITransformer model = method.Fit(ml, train, new FitContext(Seed, request.Quick, request.Width, request.Reservoir));
            double fit = watch.Elapsed.TotalSeconds;
            double rowsPerSecond = double.NaN;
            if (!streamed)
            {
                // Big views: one timed pass is long enough; small ones are repeated for a stable figure.
                bool small = request.Rows <= 100_000;
                rowsPerSecond = ScoringSpeed.TransformRowsPerSecond(model, score, small ? request.MeasureSeconds : 0, warmUp: small);
            }
            double peak = PeakMemory.PeakMb();
            Console.WriteLine(Marker + string.Join(' ', new[] { fit, baseline, peak, rowsPerSecond }
                .Select(x => x.ToString("R", CultureInfo.InvariantCulture))));
            return 0;
        }
    }
}
