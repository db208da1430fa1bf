# vim's counterpart of digits.tps: in insert mode, three digits and Enter, ten times.
section enter
i
section digits
"101"
section enter
Enter
section digits
"112"
section enter
Enter
section digits
"123"
section enter
Enter
section digits
"134"
section enter
Enter
section digits
"145"
section enter
Enter
section digits
"156"
section enter
Enter
section digits
"167"
section enter
Enter
section digits
"178"
section enter
Enter
section digits
"189"
section enter
Enter
section digits
"190"
section enter
Enter
