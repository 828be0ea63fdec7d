using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using AnoOnly.Benchmarks.Measurement;
using AnoOnly.Benchmarks.Methods;
using Microsoft.ML;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using Spectre.Console;

namespace AnoOnly.Benchmarks.Runs
{
    /// <summary>
    /// The accuracy and speed table: every dataset x seed x method on the same prepared splits, plus the
    /// label-noise variant (AnoOnly backbones only, Full and AnoOnly loss) for each noise level above 0.
    /// </summary>
    internal sealed class AccuracyRun
    {
        private readonly IReadOnlyList<(string Name, string Path)> _datasets;
        private readonly IReadOnlyList<int> _seeds;
        private readonly IReadOnlyList<IBenchmarkMethod> _methods;
        private readonly IReadOnlyList<double> _noiseLevels;
        private readonly bool _quick;
        private readonly double _speedSeconds;

        public AccuracyRun(IReadOnlyList<(string Name, string Path)> datasets, IReadOnlyList<int> seeds,
            IReadOnlyList<IBenchmarkMethod> methods, IReadOnlyList<double> noiseLevels, bool quick, double speedSeconds)
        {
            _datasets = datasets;
            _seeds = seeds;
            _methods = methods;
            _noiseLevels = noiseLevels.Contains(0) ? noiseLevels : new[] { 0.0 }.Concat(noiseLevels).ToList();
            _quick = quick;
            _speedSeconds = speedSeconds;
        }

        /// <summary>Fits of the run: all methods at noise 0, AnoOnly methods at each other level.</summary>
        public int TotalFits => _datasets.Count * _seeds.Count
            * _noiseLevels.Sum(p => p == 0 ? _methods.Count : _methods.Count(m => m.Variant != null));

        public List<RunResult> Execute(ProgressTask progress, ICollection<string> notes)
        {
            var results = new List<RunResult>();
            foreach ((string name, string path) in _datasets)
            {
                var ml = new MLContext(seed: 0);
                progress.Description = $"[grey]loading[/] {Markup.Escape(name)}";
                LabeledDataset data = LabeledDataset.LoadCsv(ml, path);
                foreach (int seed in _seeds)
                {
                    foreach (double noise in _noiseLevels)
                    {
                        ProtocolSplit split;
                        try
                        {
                            split = ProtocolSplit.Prepare(ml, data, seed, noise);
                        }
                        catch (ArgumentException e)
                        {
                            notes.Add($"{name} seed {seed}: no split ({e.Message})");
                            progress.Increment(_methods.Count(m => noise == 0 || m.Variant != null));
                            continue;
                        }
                        foreach (IBenchmarkMethod method in _methods)
                        {
                            if (noise > 0 && method.Variant == null)
                                continue;
                            progress.Description = Markup.Escape($"{name} x {method.Name} x seed {seed}" + (noise > 0 ? $" x noise {noise:0.##}" : ""));
                            RunResult? result = RunOne(name, method, seed, noise, split, notes);
                            if (result != null)
                                results.Add(result);
                            progress.Increment(1);
                        }
                    }
                }
            }
            return results;
        }

        private RunResult? RunOne(string dataset, IBenchmarkMethod method, int seed, double noise, ProtocolSplit split, ICollection<string> notes)
        {
            // A fresh context per fit: no method sees another's random state.
            var ml = new MLContext(seed: seed);
            PeakMemory.Reset();
            try
            {
                var watch = Stopwatch.StartNew();
                ITransformer model = method.Fit(ml, split.Train, new FitContext(seed, _quick, split.FeatureCount,
                    Note: text => notes.Add($"{dataset} x {method.Name} x seed {seed}: {text}")));
                double fitSeconds = watch.Elapsed.TotalSeconds;
                float[] scores = model.Transform(split.Test).GetColumn<float>("Score").ToArray();
                double aucRoc = AnomalyMetrics.AreaUnderRocCurve(scores, split.TestIsAnomaly);
                double aucPr = AnomalyMetrics.AveragePrecision(scores, split.TestIsAnomaly);
                double rowsPerSecond = double.NaN, microseconds = double.NaN;
                if (noise == 0)
                {
                    rowsPerSecond = ScoringSpeed.TransformRowsPerSecond(model, split.Test, _speedSeconds);
                    microseconds = ScoringSpeed.PredictionEngineMicroseconds(ml, model, split.TestFeatures, _speedSeconds);
                }
                (model as IDisposable)?.Dispose();
                return new RunResult(dataset, method.Name, method.Variant, seed, noise, split.FeatureCount, aucRoc, aucPr,
                    fitSeconds, rowsPerSecond, microseconds, PeakMemory.PeakMb());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                notes.Add($"{dataset} x {method.Name} x seed {seed}{(noise > 0 ? $" x noise {noise}" : "")} failed: {e.GetType().Name}: {FirstLine(e)}");
                return null;
            }
        }

        private static string FirstLine(Exception e)
        {
            Exception inner = e;
            while (inner.InnerException != null && inner.Message.Contains("inner exception", StringComparison.OrdinalIgnoreCase))
                inner = inner.InnerException;
            return inner.Message.Split('\n')[0];
        }
    }
}
