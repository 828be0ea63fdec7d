using System;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.ConfirmedNormals
{
    /// <summary>The confirmed-normal column is read as documented (Boolean true or Single &gt; 0), kept apart from the
    /// unlabeled rows, and checked with errors that name the column and, for a row marked twice, the row.</summary>
    public class ConfirmedNormalInputTests
    {
        private static readonly float[][] Features = Enumerable.Range(0, 10).Select(i => new[] { i / 10f, 1 - i / 10f }).ToArray();
        private static readonly bool[] Labels = Enumerable.Range(0, 10).Select(i => i < 2).ToArray();

        private static TrainingSet Load(IDataView view, string? column = ReviewedRows.Column)
            => TrainingSet.Load(view, TrainingColumns.Resolve(view.Schema, "Features", "Label", column), 100, new Random(1), CancellationToken.None);

        [Test]
        public void BooleanAndSingleMarksAreReadIntoTheirOwnBuffer()
        {
            var ml = new MLContext(seed: 1);
            bool[] marks = Enumerable.Range(0, 10).Select(i => i is 3 or 7 or 8).ToArray();
            foreach (IDataView view in new[]
            {
                ReviewedRows.View(ml, Features, Labels, marks),
                ReviewedRows.View(ml, Features, Labels, marks.Select(m => m ? 2.5f : 0f).ToArray()),
            })
            {
                TrainingSet data = Load(view);
                Assert.That(data.Anomalies.Count, Is.EqualTo(2));
                Assert.That(data.ConfirmedNormals.Count, Is.EqualTo(3));
                Assert.That(data.Unlabeled.Count, Is.EqualTo(5), "a confirmed normal is not an unlabeled row");
                Assert.That(data.ConfirmedNormals.Row(1).ToArray(), Is.EqualTo(Features[7]));
                Assert.That(data.RowsRead, Is.EqualTo(10));
            }
        }

        [Test]
        public void WithoutTheOptionTheColumnIsIgnored()
        {
            var ml = new MLContext(seed: 1);
            TrainingSet data = Load(ReviewedRows.View(ml, Features, Labels, Enumerable.Repeat(true, 10).ToArray()), column: null);
            Assert.That(data.ConfirmedNormals.Count, Is.Zero);
            Assert.That(data.Unlabeled.Count, Is.EqualTo(8));
        }

        [Test]
        public void RowMarkedAsAnomalyAndConfirmedNormalNamesTheRowAndBothColumns()
        {
            var ml = new MLContext(seed: 1);
            bool[] marks = Enumerable.Range(0, 10).Select(i => i == 1).ToArray();
            IDataView view = ReviewedRows.View(ml, Features, Labels, marks);
            var e = Assert.Throws<AnoOnlyInputException>(() => ml.AnomalyDetection.Trainers.AnoOnly(ReviewedRows.Options()).Fit(view))!;
            Assert.That(e.Message, Does.Contain("Row 1").And.Contain("'Label'").And.Contain("'ConfirmedNormal'"));
            Assert.That(e.Row, Is.EqualTo(1));
            Assert.That(e.ColumnName, Is.EqualTo(ReviewedRows.Column));
        }

        [Test]
        public void MissingColumnIsNamedWithTheColumnsPresent()
        {
            var ml = new MLContext(seed: 1);
            IDataView view = ReviewedRows.View(ml, Features, Labels, new bool[10]);
            var options = ReviewedRows.Options(column: "Reviewed");
            var e = Assert.Throws<AnoOnlyInputException>(() => ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(view))!;
            Assert.That(e.Message, Does.Contain("no confirmed-normal column 'Reviewed'").And.Contain("'ConfirmedNormal'"));
            Assert.That(e.ColumnName, Is.EqualTo("Reviewed"));
            // SchemaShape.Create is internal to ML.NET; pipelines call it the same way.
            var create = typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic
                | System.Reflection.BindingFlags.Public, new[] { typeof(DataViewSchema) })!;
            var shape = (SchemaShape)create.Invoke(null, new object[] { view.Schema })!;
            Assert.That(() => ml.AnomalyDetection.Trainers.AnoOnly(options).GetOutputSchema(shape),
                Throws.TypeOf<AnoOnlyInputException>().With.Message.Contain("'Reviewed'"), "GetOutputSchema checks the column too");
        }

        [Test]
        public void WrongTypeIsNamed()
        {
            var ml = new MLContext(seed: 1);
            IDataView view = ReviewedRows.View(ml, Features, Labels, Enumerable.Repeat(1.0, 10).ToArray());
            var e = Assert.Throws<AnoOnlyInputException>(() => ml.AnomalyDetection.Trainers.AnoOnly(ReviewedRows.Options()).Fit(view))!;
            Assert.That(e.Message, Does.Contain("Confirmed-normal column 'ConfirmedNormal' is of type Double").And.Contain("Boolean"));
            Assert.That(e.ColumnName, Is.EqualTo(ReviewedRows.Column));
        }

        [Test]
        public void TheLabelColumnCannotAlsoBeTheConfirmedNormalColumn()
        {
            var ml = new MLContext(seed: 1);
            IDataView view = ReviewedRows.View(ml, Features, Labels, new bool[10]);
            var e = Assert.Throws<AnoOnlyInputException>(() => ml.AnomalyDetection.Trainers.AnoOnly(ReviewedRows.Options(column: "Label")).Fit(view))!;
            Assert.That(e.Message, Does.Contain("both name column 'Label'"));
        }

        /// <summary>An analyst may review every row of a small set: the confirmed normals then take the unlabeled rows'
        /// places too, and every backbone still trains.</summary>
        [TestCaseSource(typeof(Mechanism.MechanismRig), nameof(Mechanism.MechanismRig.Backbones))]
        public void EveryRowReviewedStillTrains(AnoOnlyBackbone backbone)
        {
            var ml = new MLContext(seed: 1);
            float[][] features = Enumerable.Range(0, 40).Select(i => new[] { i / 40f, 1 - i / 40f, (i % 7) / 7f }).ToArray();
            bool[] labels = Enumerable.Range(0, 40).Select(i => i >= 36).ToArray();
            IDataView view = ReviewedRows.View(ml, features, labels, labels.Select(l => !l).ToArray());
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(ReviewedRows.Options(backbone)).Fit(view);
            float[] scores = model.Transform(view).GetColumn<float>("Score").ToArray();
            Assert.That(scores, Is.All.Matches<float>(float.IsFinite));
        }
    }
}
