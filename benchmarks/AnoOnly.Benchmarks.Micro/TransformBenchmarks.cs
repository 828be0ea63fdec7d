using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.Data;

namespace AnoOnly.Benchmarks.Micro
{
    /// <summary>
    /// Where the time of <c>Transform</c> goes: scoring 10,000 in-memory rows through the AnoOnly model's ML.NET
    /// chain (copy column, state key, value map, custom mapping), through RandomizedPca's transformer, and
    /// through the bare managed kernel in a loop (the floor the chain adds its per-row overhead to); and the
    /// same two transformers on 10 rows, which is nearly all fixed per-cursor cost.
    /// </summary>
    [MemoryDiagnoser]
    public class TransformBenchmarks
    {
        private const int Rows = 10_000;
        private IDataView _scoredAnoOnly = null!;
        private IDataView _scoredPca = null!;
        private IDataView _tinyAnoOnly = null!;
        private IDataView _tinyPca = null!;
        private IAnomalyScorer _kernel = null!;
        private float[][] _rows = Array.Empty<float[]>();

        [Params(32)]
        public int Features { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            var ml = new MLContext(seed: 1);
            var random = new Random(1);
            _rows = Enumerable.Range(0, Rows)
                .Select(_ => Enumerable.Range(0, Features).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
            var data = _rows.Select((r, i) => new Row { Features = r, Label = i % 100 == 0 ? 1f : 0f }).ToArray();
            var schema = SchemaDefinition.Create(typeof(Row));
            schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Features);
            IDataView view = ml.Data.LoadFromEnumerable(data, schema);

            // The weights do not change the cost: a short fit is enough.
            var model = ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { Seed = 1, NumberOfEpochs = 1, BatchesPerEpoch = 2 }).Fit(view);
            _scoredAnoOnly = model.Transform(view);
            _kernel = new ModelScorer(model.State);
            ITransformer pca = ml.AnomalyDetection.Trainers.RandomizedPca(rank: 16, seed: 1).Fit(view);
            _scoredPca = pca.Transform(view);
            IDataView tiny = ml.Data.LoadFromEnumerable(data.Take(10), schema);
            _tinyAnoOnly = model.Transform(tiny);
            _tinyPca = pca.Transform(tiny);
        }

        [Benchmark(Baseline = true)]
        public float AnoOnlyTransform() => SumScores(_scoredAnoOnly);

        [Benchmark]
        public float RandomizedPcaTransform() => SumScores(_scoredPca);

        /// <summary>10 rows: nearly all of it is the fixed cost of opening a cursor through the chain.</summary>
        [Benchmark]
        public float AnoOnlyTransformTenRows() => SumScores(_tinyAnoOnly);

        [Benchmark]
        public float RandomizedPcaTransformTenRows() => SumScores(_tinyPca);

        [Benchmark]
        public float KernelLoop()
        {
            float sum = 0;
            foreach (float[] row in _rows)
                sum += ScoringGuard.Score(_kernel, row, "Features");
            return sum;
        }

        private static float SumScores(IDataView scored)
        {
            DataViewSchema.Column score = scored.Schema["Score"];
            using DataViewRowCursor cursor = scored.GetRowCursor(new[] { score });
            ValueGetter<float> getter = cursor.GetGetter<float>(score);
            float value = 0, sum = 0;
            while (cursor.MoveNext())
            {
                getter(ref value);
                sum += value;
            }
            return sum;
        }

        private sealed class Row
        {
            public float[] Features = Array.Empty<float>();
            public float Label;
        }
    }
}
