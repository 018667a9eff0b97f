/**
 * China's statutory holidays and adjusted working days (调休) for 2026, from the State Council
 * General Office notice of 4 November 2025 (国务院办公厅关于2026年部分节假日安排的通知).
 */
const range = (month: number, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `2026-${String(month).padStart(2, '0')}-${String(from + i).padStart(2, '0')}`);

export const CN_HOLIDAYS_2026 = {
  holidays: [
    ...range(1, 1, 3),
    ...range(2, 15, 23),
    ...range(4, 4, 6),
    ...range(5, 1, 5),
    ...range(6, 19, 21),
    ...range(9, 25, 27),
    ...range(10, 1, 7),
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
