// The Excel enums the add-in uses as values, with Office.js's string values.
export const ExcelEnums = {
  RangeValueType: { unknown: 'Unknown', empty: 'Empty', string: 'String', integer: 'Integer', double: 'Double', boolean: 'Boolean', error: 'Error', richValue: 'RichValue' },
  SpecialCellType: { conditionalFormats: 'ConditionalFormats', dataValidations: 'DataValidations', blanks: 'Blanks', constants: 'Constants', formulas: 'Formulas', sameConditionalFormat: 'SameConditionalFormat', sameDataValidation: 'SameDataValidation', visible: 'Visible' },
  SpecialCellValueType: { all: 'All', errors: 'Errors', errorsLogical: 'ErrorsLogical', errorsNumbers: 'ErrorsNumbers', errorsText: 'ErrorsText', errorsLogicalNumber: 'ErrorsLogicalNumber', errorsLogicalText: 'ErrorsLogicalText', errorsNumberText: 'ErrorsNumberText', logical: 'Logical', logicalNumbers: 'LogicalNumbers', logicalText: 'LogicalText', logicalNumbersText: 'LogicalNumbersText', numbers: 'Numbers', numbersText: 'NumbersText', text: 'Text' },
  DeleteShiftDirection: { up: 'Up', left: 'Left' },
  InsertShiftDirection: { down: 'Down', right: 'Right' },
  RangeCopyType: { all: 'All', formulas: 'Formulas', values: 'Values', formats: 'Formats', link: 'Link' },
  SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
  CalculationMode: { automatic: 'Automatic', automaticExceptTables: 'AutomaticExceptTables', manual: 'Manual' },
  CalculationType: { recalculate: 'Recalculate', full: 'Full', fullRebuild: 'FullRebuild' },
  ClearApplyTo: { all: 'All', formats: 'Formats', contents: 'Contents', hyperlinks: 'Hyperlinks', removeHyperlinks: 'RemoveHyperlinks', resetContents: 'ResetContents' },
} as const;
