# Ten cells down a column: three digits typed into each, committed with Enter (the live panel on screen).
# The demo's 2020 is a past year: e, y open it for editing (as a province user).
section setup
e y
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
