using System;
using System.Collections.Generic;
using System.Diagnostics;
using AnoOnly.Benchmarks.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace AnoOnly.Benchmarks.Measurement
{
    /// <summary>Scoring speed of a fitted model, measured the same way for every method.</summary>
    internal static class ScoringSpeed
    {
        /// <summary>
        /// Rows per second through <c>Transform</c>: a cursor over the <c>Score</c> column only, reading every
        /// score, repeated over <paramref name="view"/> until <paramref name="minSeconds"/> have passed (after
        /// one untimed warm-up pass, which also JIT-compiles the path).
        /// </summary>
        public static double TransformRowsPerSecond(ITransformer model, IDataView view, double minSeconds, bool warmUp = true)
        {
            IDataView scored = model.Transform(view);
            if (warmUp)
                CountRows(scored);
            long rows = 0;
            var watch = Stopwatch.StartNew();
            do
                rows += CountRows(scored);
            while (watch.Elapsed.TotalSeconds < minSeconds);
            return rows / watch.Elapsed.TotalSeconds;
        }

        /// <summary>Rows per second reading one column of <paramref name="view"/> (for example the explanations), like
        /// <see cref="TransformRowsPerSecond"/>.</summary>
        public static double ColumnRowsPerSecond<T>(IDataView view, string column, double minSeconds)
        {
            long Read()
            {
                DataViewSchema.Column c = view.Schema[column];
                using DataViewRowCursor cursor = view.GetRowCursor(new[] { c });
                ValueGetter<T> get = cursor.GetGetter<T>(c);
                T value = default!;
                long n = 0;
                while (cursor.MoveNext())
                {
                    get(ref value);
                    n++;
                }
                return n;
            }
            Read();
            long rows = 0;
            var watch = Stopwatch.StartNew();
            do
                rows += Read();
            while (watch.Elapsed.TotalSeconds < minSeconds);
            return rows / watch.Elapsed.TotalSeconds;
        }

        /// <summary>Reads every score of <paramref name="scored"/>; returns the row count.</summary>
        public static long CountRows(IDataView scored)
        {
            DataViewSchema.Column score = scored.Schema["Score"];
            using DataViewRowCursor cursor = scored.GetRowCursor(new[] { score });
            ValueGetter<float> getScore = cursor.GetGetter<float>(score);
            float value = 0, sink = 0;
            long rows = 0;
            while (cursor.MoveNext())
            {
                getScore(ref value);
                sink += value;
                rows++;
            }
            GC.KeepAlive(sink);
            return rows;
        }

        /// <summary>
        /// Microseconds per row of <c>PredictionEngine.Predict</c> on one reused engine, cycling through
        /// <paramref name="rows"/> until <paramref name="minSeconds"/> have passed (after a warm-up).
        /// </summary>
        public static double PredictionEngineMicroseconds(MLContext ml, ITransformer model, IReadOnlyList<float[]> rows, double minSeconds)
        {
            int featureCount = rows[0].Length;
            using var engine = ml.Model.CreatePredictionEngine<BenchmarkRows.FeatureRow, BenchmarkRows.ScoreRow>(
                model, inputSchemaDefinition: BenchmarkRows.Schema<BenchmarkRows.FeatureRow>(featureCount));
            var inputs = new BenchmarkRows.FeatureRow[rows.Count];
            for (int i = 0; i < inputs.Length; i++)
                inputs[i] = new BenchmarkRows.FeatureRow { Features = rows[i] };
            var output = new BenchmarkRows.ScoreRow();
            for (int i = 0; i < Math.Min(inputs.Length, 200); i++)
                engine.Predict(inputs[i], ref output);

            long calls = 0;
            var watch = Stopwatch.StartNew();
            do
            {
                // Check the clock every 256 calls so that reading it does not weigh on a microsecond call.
                for (int k = 0; k < 256; k++)
                    engine.Predict(inputs[(int)(calls++ % inputs.Length)], ref output);
            }
            while (watch.Elapsed.TotalSeconds < minSeconds);
            return watch.Elapsed.TotalMilliseconds * 1000.0 / calls;
        }
    }
}
