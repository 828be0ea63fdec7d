using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Preparation
{
    /// <summary>Which ML.NET column types can become features, and how.</summary>
    internal static class ColumnKinds
    {
        /// <summary>A number or Boolean, scalar or known-size vector: convertible to <see cref="float"/>.</summary>
        public static bool IsNumeric(DataViewType type)
        {
            DataViewType item = type is VectorDataViewType vector ? vector.ItemType : type;
            if (type is VectorDataViewType { IsKnownSize: false })
                return false;
            return item is BooleanDataViewType
                || item == NumberDataViewType.Single || item == NumberDataViewType.Double
                || item == NumberDataViewType.SByte || item == NumberDataViewType.Byte
                || item == NumberDataViewType.Int16 || item == NumberDataViewType.UInt16
                || item == NumberDataViewType.Int32 || item == NumberDataViewType.UInt32
                || item == NumberDataViewType.Int64 || item == NumberDataViewType.UInt64;
        }

        /// <summary>Single or Double, scalar or vector: the types that can hold a missing value (NaN).</summary>
        public static bool CanBeMissing(DataViewType type)
        {
            DataViewType item = type is VectorDataViewType vector ? vector.ItemType : type;
            return item == NumberDataViewType.Single || item == NumberDataViewType.Double;
        }

        /// <summary>A scalar text column: a category candidate.</summary>
        public static bool IsText(DataViewType type) => type is TextDataViewType;

        /// <summary>What one-hot encoding accepts as a category: scalar text, number or Boolean.</summary>
        public static bool CanBeCategory(DataViewType type) => IsText(type) || (type is not VectorDataViewType && IsNumeric(type));
    }
}
