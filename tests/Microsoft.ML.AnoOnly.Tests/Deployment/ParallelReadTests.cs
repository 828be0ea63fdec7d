using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.Data;
using NUnit.Framework;
using static Microsoft.ML.AnoOnly.Tests.Deployment.BlockScoringTests;

namespace Microsoft.ML.AnoOnly.Tests.Deployment
{
    /// <summary>
    /// One cursor reading the scores reads an input that splits (a fitted normalizer over an in-memory source, or a view
    /// that deals its batches round-robin) on several cursors at once (<see cref="ParallelReadCursor"/>), and serves
    /// exactly what a single cursor serves: the same rows in the same order, positions, ids, scores, pass-through columns,
    /// errors at the same rows, input failures as the same exception at the same row; Dispose stops its threads.
    /// </summary>
    public class ParallelReadTests
    {
        private const int Rows = 3000;

        private sealed record Served(long Position, DataViewRowId Id, float Label, float? Score, bool? Predicted, string? Error);

        private static float[][] RandomRows(int count, int width = 21)
        {
            var random = new Random(5);
            return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, width).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()).ToArray();
        }

        private static AnoOnlyTransformer Model(MLContext ml) => FixtureModels.Load(ml, "devnet-full").LastTransformer;

        /// <summary>NormalizeMinMax (fitted on the rows) and the model, as the deployment pipeline; and the normalized view.</summary>
        private static (ScoredDataView Scored, IDataView Normalized) Pipeline(MLContext ml, LabeledRow[] rows)
        {
            IDataView data = ml.Data.LoadFromEnumerable(rows);
            IDataView normalized = ml.Transforms.NormalizeMinMax("Features").Fit(data).Transform(data);
            return ((ScoredDataView)Model(ml).Transform(normalized), normalized);
        }

        private static LabeledRow[] Labeled(float[][] features) => features.Select((f, i) => new LabeledRow { Features = f, Label = i, Id = $"row {i}" }).ToArray();

        private static DataViewSchema.Column[] Columns(IDataView scored, params string[] names) => scored.Schema.Where(c => names.Contains(c.Name)).ToArray();

        /// <summary>Every row the cursor serves (a row whose score fails, with its error), until the end, added to
        /// <paramref name="into"/> as they come (for a read that ends in an exception); <paramref name="alsoRead"/> runs on
        /// every row.</summary>
        private static List<Served> ReadAll(DataViewRowCursor cursor, List<Served>? into = null, Action? alsoRead = null)
        {
            List<Served> served = into ?? new List<Served>();
            ValueGetter<float> score = cursor.GetGetter<float>(cursor.Schema["Score"]);
            ValueGetter<bool> predicted = cursor.GetGetter<bool>(cursor.Schema["PredictedLabel"]);
            ValueGetter<float> label = cursor.GetGetter<float>(cursor.Schema["Label"]);
            ValueGetter<DataViewRowId> id = cursor.GetIdGetter();
            while (cursor.MoveNext())
            {
                DataViewRowId rowId = default;
                float l = 0, s = 0;
                bool p = false;
                id(ref rowId);
                label(ref l);
                alsoRead?.Invoke();
                try
                {
                    score(ref s);
                    predicted(ref p);
                    served.Add(new Served(cursor.Position, rowId, l, s, p, null));
                }
                catch (AnoOnlyInputException e)
                {
                    served.Add(new Served(cursor.Position, rowId, l, null, null, $"{e.Row}/{e.Slot}: {e.Message}"));
                }
            }
            return served;
        }

        private static float[] ScoresRowByRow(AnoOnlyTransformer model, IDataView features)
            => features.GetColumn<VBuffer<float>>("Features").Select(v => model.Scorer.Score(v.DenseValues().ToArray())).ToArray();

        [Test]
        public void PipelineReadOnSeveralCursorsServesWhatOneCursorServes()
        {
            var ml = new MLContext(seed: 1);
            (ScoredDataView scored, IDataView normalized) = Pipeline(ml, Labeled(RandomRows(Rows)));
            DataViewSchema.Column[] columns = Columns(scored, "Score", "PredictedLabel", "Label", "Id");

            using DataViewRowCursor parallel = scored.GetRowCursor(columns, null, inputCursors: 3);
            using DataViewRowCursor single = scored.GetRowCursor(columns, null, inputCursors: 1);
            Assert.That(parallel, Is.TypeOf<ParallelReadCursor>(), "the normalizer splits its input: the parallel path");
            Assert.That(((ParallelReadCursor)parallel).WorkerCount, Is.EqualTo(3));
            Assert.That(single, Is.TypeOf<BlockScoringCursor>());

            ValueGetter<ReadOnlyMemory<char>> text = parallel.GetGetter<ReadOnlyMemory<char>>(scored.Schema["Id"]);
            var ids = new List<string>();
            List<Served> read = ReadAll(parallel, alsoRead: () =>
            {
                ReadOnlyMemory<char> value = default;
                text(ref value);
                ids.Add(value.ToString());
            });
            List<Served> expected = ReadAll(single);

            Assert.That(read, Is.EqualTo(expected));
            Assert.That(read.Select(r => r.Position), Is.EqualTo(Enumerable.Range(0, Rows).Select(i => (long)i)));
            Assert.That(read.Select(r => r.Label), Is.EqualTo(Enumerable.Range(0, Rows).Select(i => (float)i)));
            Assert.That(ids, Is.EqualTo(Enumerable.Range(0, Rows).Select(i => $"row {i}")));
            Assert.That(read.Select(r => r.Score!.Value), Is.EqualTo(ScoresRowByRow(Model(ml), normalized)));
            Assert.That(((ParallelReadCursor)parallel).RunningWorkers, Is.Zero, "the workers end with the rows");
        }

        /// <summary>The caller's one cursor asks the input for a cursor set of one (which ML.NET's transforms read on the
        /// calling thread, where their one cursor would split and consolidate) and scores it in blocks, with the scores of
        /// GetColumn and of the scorer row by row.</summary>
        [Test]
        public void TheCallersOneCursorReadsTheInputAsASetOfOne()
        {
            var ml = new MLContext(seed: 1);
            (ScoredDataView scored, IDataView normalized) = Pipeline(ml, Labeled(RandomRows(Rows)));
            using (DataViewRowCursor cursor = scored.GetRowCursor(Columns(scored, "Score")))
                Assert.That(cursor, Is.TypeOf<BlockScoringCursor>());
            Assert.That(scored.GetColumn<float>("Score").ToArray(), Is.EqualTo(ScoresRowByRow(Model(ml), normalized)));

            var view = new BatchedView(RandomRows(Rows));
            IDataView direct = Model(ml).Transform(view);
            using (DataViewRowCursor cursor = direct.GetRowCursor(Columns(direct, "Score", "Label")))
                Assert.That(cursor, Is.TypeOf<BlockScoringCursor>());
            Assert.That(view.Asked, Is.EqualTo(new[] { 1 }), "a set of one asked for, not a cursor");
        }

        /// <summary>An input that splits even when asked for one cursor is read on a thread per cursor, in order.</summary>
        [Test]
        public void AnInputThatSplitsAnywayIsReadInParallel()
        {
            var ml = new MLContext(seed: 1);
            AnoOnlyTransformer model = Model(ml);
            var view = new BatchedView(RandomRows(Rows)) { AlwaysSplitsInto = 3 };
            IDataView scored = model.Transform(view);
            using DataViewRowCursor cursor = scored.GetRowCursor(Columns(scored, "Score", "PredictedLabel", "Label"));
            Assert.That(cursor, Is.TypeOf<ParallelReadCursor>());
            Assert.That(((ParallelReadCursor)cursor).WorkerCount, Is.EqualTo(3));
            List<Served> read = ReadAll(cursor);
            Assert.That(read.Select(r => r.Label), Is.EqualTo(Enumerable.Range(0, Rows).Select(i => (float)i)));
            Assert.That(read.Select(r => r.Score!.Value), Is.EqualTo(ScoresRowByRow(model, view)));
        }

        /// <summary>Batches dealt round-robin to four cursors come back in the order of one, with the input's ids.</summary>
        [Test]
        public void RoundRobinBatchesComeBackInOrder()
        {
            var ml = new MLContext(seed: 1);
            AnoOnlyTransformer model = Model(ml);
            var view = new BatchedView(RandomRows(Rows), batchSize: 37);
            var scored = (ScoredDataView)model.Transform(view);
            DataViewSchema.Column[] columns = Columns(scored, "Score", "PredictedLabel", "Label");

            using DataViewRowCursor parallel = scored.GetRowCursor(columns, null, inputCursors: 4);
            using DataViewRowCursor single = scored.GetRowCursor(columns, null, inputCursors: 1);
            Assert.That(parallel, Is.TypeOf<ParallelReadCursor>());
            List<Served> read = ReadAll(parallel);

            Assert.That(read, Is.EqualTo(ReadAll(single)));
            Assert.That(read.Select(r => r.Label), Is.EqualTo(Enumerable.Range(0, Rows).Select(i => (float)i)));
            Assert.That(read.Select(r => r.Id), Is.EqualTo(Enumerable.Range(0, Rows).Select(i => new DataViewRowId((ulong)i, 7))));
            Assert.That(read.Select(r => r.Score!.Value), Is.EqualTo(ScoresRowByRow(model, view)));
        }

        /// <summary>A row whose features hold a NaN fails when its score is read, naming its row in the whole view, as on
        /// one cursor; the rows around it score.</summary>
        [Test]
        public void BadRowFailsAtItsOwnRow()
        {
            var ml = new MLContext(seed: 1);
            float[][] features = RandomRows(Rows);
            IDataView clean = ml.Data.LoadFromEnumerable(Labeled(features));
            var normalizer = ml.Transforms.NormalizeMinMax("Features").Fit(clean);
            features[2345][3] = float.NaN;
            var scored = (ScoredDataView)Model(ml).Transform(normalizer.Transform(ml.Data.LoadFromEnumerable(Labeled(features))));
            DataViewSchema.Column[] columns = Columns(scored, "Score", "PredictedLabel", "Label");

            using DataViewRowCursor parallel = scored.GetRowCursor(columns, null, inputCursors: 3);
            using DataViewRowCursor single = scored.GetRowCursor(columns, null, inputCursors: 1);
            Assert.That(parallel, Is.TypeOf<ParallelReadCursor>());
            List<Served> read = ReadAll(parallel);

            Assert.That(read, Is.EqualTo(ReadAll(single)));
            Served[] failed = read.Where(r => r.Error != null).ToArray();
            Assert.That(failed, Has.Length.EqualTo(1));
            Assert.That(failed[0].Position, Is.EqualTo(2345));
            Assert.That(failed[0].Error, Does.StartWith("2345/3: "));
            Assert.That(read, Has.Count.EqualTo(Rows), "the rows after it still score");
        }

        /// <summary>An input that fails (a getter, or MoveNext on its way to the row) fails as on one cursor: the rows before
        /// it served, then the same exception from the MoveNext that reaches it.</summary>
        [TestCase(true)]
        [TestCase(false)]
        public void InputFailureSurfacesAtItsRowAsOnOneCursor(bool inGetter)
        {
            var ml = new MLContext(seed: 1);
            float[][] features = RandomRows(Rows);
            var view = inGetter ? new BatchedView(features) { GetterFailsAt = 1234 } : new BatchedView(features) { MoveNextFailsAt = 1234 };
            var scored = (ScoredDataView)Model(ml).Transform(view);
            DataViewSchema.Column[] columns = Columns(scored, "Score", "PredictedLabel", "Label");

            using DataViewRowCursor parallel = scored.GetRowCursor(columns, null, inputCursors: 3);
            using DataViewRowCursor single = scored.GetRowCursor(columns, null, inputCursors: 1);
            Assert.That(parallel, Is.TypeOf<ParallelReadCursor>());
            var (readParallel, thrownParallel) = ReadUntilFailure(parallel);
            var (readSingle, thrownSingle) = ReadUntilFailure(single);

            Assert.That(thrownParallel, Is.TypeOf<BrokenRowException>());
            Assert.That(((BrokenRowException)thrownParallel!).Row, Is.EqualTo(1234));
            Assert.That(thrownSingle, Is.TypeOf<BrokenRowException>());
            Assert.That(readParallel, Has.Count.EqualTo(1234));
            Assert.That(readParallel, Is.EqualTo(readSingle));
            Assert.That(((ParallelReadCursor)parallel).ReadsOnOneCursor);
            Assert.That(parallel.MoveNext(), Is.False, "a cursor that failed has ended");
        }

        public sealed class BreakableRow
        {
            private float[] _features = Array.Empty<float>();

            [VectorType(21)]
            public float[] Features
            {
                get => Broken ? throw new BrokenRowException(-1) : _features;
                set => _features = value;
            }

            public float Label;

            [NoColumn]
            public bool Broken;
        }

        /// <summary>A source that fails under the normalizer (which ML.NET's splitter reads on a thread of its own, and
        /// reports in an exception of its own) fails as on one cursor: the parallel read goes on from a single cursor,
        /// where the source's own exception surfaces at its row.</summary>
        [Test]
        public void SourceFailureUnderASplitterSurfacesAsOnOneCursor()
        {
            var ml = new MLContext(seed: 1);
            float[][] features = RandomRows(Rows);
            IDataView clean = ml.Data.LoadFromEnumerable(Labeled(features));
            var normalizer = ml.Transforms.NormalizeMinMax("Features").Fit(clean);
            BreakableRow[] rows = features.Select((f, i) => new BreakableRow { Features = f, Label = i, Broken = i == 1500 }).ToArray();
            var scored = (ScoredDataView)Model(ml).Transform(normalizer.Transform(ml.Data.LoadFromEnumerable(rows)));
            DataViewSchema.Column[] columns = Columns(scored, "Score", "PredictedLabel", "Label");

            using DataViewRowCursor parallel = scored.GetRowCursor(columns, null, inputCursors: 3);
            using DataViewRowCursor single = scored.GetRowCursor(columns, null, inputCursors: 1);
            Assert.That(parallel, Is.TypeOf<ParallelReadCursor>());
            var (readParallel, thrownParallel) = ReadUntilFailure(parallel);
            var (readSingle, thrownSingle) = ReadUntilFailure(single);

            Assert.That(thrownSingle, Is.Not.Null);
            Assert.That(thrownParallel, Is.TypeOf(thrownSingle!.GetType()));
            Assert.That(thrownParallel!.Message, Is.EqualTo(thrownSingle.Message));
            Assert.That(Innermost(thrownParallel), Is.TypeOf<BrokenRowException>());
            Assert.That(readSingle, Has.Count.EqualTo(1500));
            Assert.That(readParallel, Is.EqualTo(readSingle));
            Assert.That(parallel.MoveNext(), Is.False, "a cursor that failed has ended");
        }

        private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

        private static (List<Served> Read, Exception? Thrown) ReadUntilFailure(DataViewRowCursor cursor)
        {
            var read = new List<Served>();
            try
            {
                ReadAll(cursor, read);
            }
            catch (Exception e) when (e is not AnoOnlyInputException)
            {
                return (read, e);
            }
            return (read, null);
        }

        /// <summary>Disposing the cursor early (before the first row, after a few) stops its threads; so does the end of the
        /// rows.</summary>
        [TestCase(0)]
        [TestCase(10)]
        [TestCase(1000)]
        public void DisposeStopsTheWorkers(int rowsRead)
        {
            var ml = new MLContext(seed: 1);
            (ScoredDataView scored, _) = Pipeline(ml, Labeled(RandomRows(Rows)));
            var cursor = (ParallelReadCursor)scored.GetRowCursor(Columns(scored, "Score"), null, inputCursors: 3);
            ValueGetter<float> score = cursor.GetGetter<float>(scored.Schema["Score"]);
            float s = 0;
            for (int i = 0; i < rowsRead; i++)
            {
                Assert.That(cursor.MoveNext());
                score(ref s);
            }
            cursor.Dispose();
            Assert.That(cursor.RunningWorkers, Is.Zero);
            Assert.That(cursor.MoveNext(), Is.False);
        }

        /// <summary>An input that does not split (one cursor in its set), or that has few rows, is read as before: one
        /// block cursor over one input cursor.</summary>
        [Test]
        public void InputThatDoesNotSplitOrIsSmallIsReadOnOneCursor()
        {
            var ml = new MLContext(seed: 1);
            AnoOnlyTransformer model = Model(ml);
            IDataView plain = model.Transform(ml.Data.LoadFromEnumerable(Labeled(RandomRows(Rows))));
            using (DataViewRowCursor cursor = plain.GetRowCursor(Columns(plain, "Score")))
                Assert.That(cursor, Is.TypeOf<BlockScoringCursor>());

            var small = new BatchedView(RandomRows(100));
            var scored = (ScoredDataView)model.Transform(small);
            using (DataViewRowCursor cursor = scored.GetRowCursor(Columns(scored, "Score"), null, inputCursors: 4))
                Assert.That(cursor, Is.TypeOf<BlockScoringCursor>());
            Assert.That(small.Asked, Is.EqualTo(new[] { 1 }), "a set of one asked for: too few rows for threads");
        }
    }
}
