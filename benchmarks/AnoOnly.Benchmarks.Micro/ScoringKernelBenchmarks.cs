using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.AnoOnly.Backbones.DevNet;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;

namespace AnoOnly.Benchmarks.Micro
{
    /// <summary>
    /// The managed scoring kernel: DevNet's eval-mode forward pass (d -> 20 ReLU -> 1) on one row, bare and
    /// behind the input/NaN guard every ML.NET scoring path goes through. Weights are random: the cost does
    /// not depend on their values.
    /// </summary>
    [MemoryDiagnoser]
    public class ScoringKernelBenchmarks
    {
        private IAnomalyScorer _scorer = null!;
        private float[] _row = Array.Empty<float>();

        [Params(32, 100, 512)]
        public int Features { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            const int hidden = 20;
            var random = new Random(1);
            float[] Values(int n)
            {
                var values = new float[n];
                for (int i = 0; i < n; i++)
                    values[i] = (float)(random.NextDouble() - 0.5);
                return values;
            }
            var tensors = new Dictionary<string, StoredTensor>();
            LayerCodec.Store(tensors, DevNetModel.HiddenLayer, Values(hidden * Features), Values(hidden), hidden, Features);
            LayerCodec.Store(tensors, DevNetModel.OutputLayer, Values(hidden), Values(1), 1, hidden);
            var member = new MemberState(AnoOnlyBackbone.DevNet, AnoOnlyLoss.AnomalyOnly, Features, ScoreCombination.Identity, tensors);
            _scorer = new ModelScorer(new ModelState("Features", Features, 0f, new[] { member }));
            _row = Values(Features);
        }

        /// <summary>The forward pass alone.</summary>
        [Benchmark(Baseline = true)]
        public float ScoreRow() => _scorer.Score(_row);

        /// <summary>The forward pass with the length and finiteness checks of ScoringGuard.</summary>
        [Benchmark]
        public float ScoreRowGuarded() => ScoringGuard.Score(_scorer, _row, "Features");
    }
}
